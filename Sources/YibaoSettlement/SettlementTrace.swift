import YibaoCore
import YibaoPolicy

/// A step of a settlement as the engine took it, recorded only when an explanation is asked for.
public enum SettlementStep: Sendable, Hashable {
    case context(regionName: String, region: String, year: Int, scheme: String, benefit: Benefit.Kind)
    case fullOwnPayItem(serial: String, amountFen: Fen)
    case overLimitItem(serial: String, amountFen: Fen, capFen: Fen, overFen: Fen)
    case classBItem(serial: String, baseFen: Fen, shareBps: Bps, preSelfPayFen: Fen, fromPack: Bool)
    case deductible(dueFen: Fen, appliedFen: Fen, basis: DeductibleBasis, admission: Int)
    case band(fromFen: Fen, toFen: Fen?, amountFen: Fen, baseRatio: Bps, bonus: Bps, reduction: Bps, ratio: Bps,
        fund: Fund, paidFen: Fen)
    case beyondLastBand(limitFen: Fen, amountFen: Fen)
    case capApplied(fund: Fund, capFen: Fen, paidBeforeFen: Fen, computedFen: Fen, paidFen: Fen)
    case capNotConfigured(fund: Fund, note: String)
    case account(payableFen: Fen, accountFen: Fen, mutualAidFen: Fen, cashFen: Fen, balanceAfterFen: Fen, used: Bool)
}

/// Receives the steps of a settlement. The fast path uses `NoTrace`, which the compiler removes,
/// so the figures cannot depend on whether an explanation is built.
public protocol SettlementTrace {
    mutating func record(_ step: @autoclosure () -> SettlementStep)
}

public struct NoTrace: SettlementTrace {
    @inlinable public init() {}
    @inlinable public mutating func record(_ step: @autoclosure () -> SettlementStep) {}
}

public struct StepRecorder: SettlementTrace {
    public var steps: [SettlementStep] = []
    public init() {}
    public mutating func record(_ step: @autoclosure () -> SettlementStep) { steps.append(step()) }
}
