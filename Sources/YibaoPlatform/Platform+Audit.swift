import Foundation
import YibaoCore
import YibaoSettlement

/// The result of `audit`: every invariant over the whole database, with the violations found.
public struct AuditReport: Codable, Sendable, Hashable {
    public var accounts = 0
    public var transfers = 0
    public var settlements = 0
    public var violations: [String] = []
    public var ok: Bool { violations.isEmpty }

    /// Violations listed at most; the count says how many more there were.
    public static var violationsMax: Int { 1_000 }
}

extension Platform {
    /// Checks: cached balances equal posted transfers; no personal account below zero; debits equal credits in
    /// every region (no transfer crosses regions); every settlement's parts add up and its transfers exist.
    /// (A credit's transfer is guaranteed by a foreign key and its unique idempotency key.)
    public func audit() throws -> AuditReport {
        try store.read { tx in
            var report = AuditReport()
            func flag(_ text: String) {
                if report.violations.count < AuditReport.violationsMax { report.violations.append(text) }
            }
            let accounts = try tx.accounts()
            report.accounts = accounts.count
            report.transfers = try tx.transferCount()
            var byId: [Int64: AccountRecord] = [:]
            var regionDebits: [String: Fen] = [:]
            var regionCredits: [String: Fen] = [:]
            for a in accounts {
                let id = a.id ?? 0
                byId[id] = a
                let posted = try tx.postedTotals(accountId: id)
                if posted.debits != a.debitsFen || posted.credits != a.creditsFen {
                    flag("账户 \(id)（\(a.kind.label) \(a.region)）缓存余额与已过账转账不一致：缓存 借 \(a.debitsFen) 贷 \(a.creditsFen)，"
                        + "过账 借 \(posted.debits) 贷 \(posted.credits)")
                }
                if a.kind == .personal, a.balanceFen.isNegative { flag("个人账户 \(id) 余额为负：\(a.balanceFen)") }
                regionDebits[a.region, default: .zero] += posted.debits
                regionCredits[a.region, default: .zero] += posted.credits
            }
            for (region, debits) in regionDebits where debits != regionCredits[region] {
                flag("统筹区 \(region) 借方合计 \(debits) 与贷方合计 \(regionCredits[region] ?? .zero) 不等（存在跨区转账）")
            }
            var after: Int64 = 0
            while true {
                let page = try tx.allSettlements(afterId: after, limit: 1_000)
                guard let last = page.last?.id else { break }
                after = last
                for s in page {
                    report.settlements += 1
                    try auditSettlement(s, accounts: byId, in: tx, flag: flag)
                }
            }
            return report
        }
    }

    func auditSettlement(_ s: SettlementRecord, accounts: [Int64: AccountRecord], in tx: any StoreReader, flag: (String) -> Void) throws {
        if s.medfeeFen != s.fundFen + s.accountFen + s.mutualAidFen + s.cashFen {
            flag("结算 \(s.setlId) 各部分之和 \(s.fundFen + s.accountFen + s.mutualAidFen + s.cashFen) 不等于医疗费用 \(s.medfeeFen)")
        }
        let transfers = try tx.transfers(reference: "setl:\(s.setlId)")
        func sum(_ code: TransferCode) -> Fen {
            transfers.filter { $0.code == code }.reduce(Fen.zero) { $0 + $1.amountFen }
        }
        if s.reversesSetlId == nil {
            if sum(.settlementFund) != s.fundFen { flag("结算 \(s.setlId) 基金支付转账 \(sum(.settlementFund)) 与结算 \(s.fundFen) 不符") }
            if sum(.settlementAccount) != s.accountFen {
                flag("结算 \(s.setlId) 个人账户转账 \(sum(.settlementAccount)) 与结算 \(s.accountFen) 不符")
            }
            if sum(.settlementMutualAid) != s.mutualAidFen {
                flag("结算 \(s.setlId) 共济转账 \(sum(.settlementMutualAid)) 与结算 \(s.mutualAidFen) 不符")
            }
        } else {
            let total = Fen(-(s.fundFen + s.accountFen + s.mutualAidFen).value)
            if sum(.reversal) != total { flag("冲正 \(s.setlId) 转账合计 \(sum(.reversal)) 与应冲正金额 \(total) 不符") }
        }
    }
}
