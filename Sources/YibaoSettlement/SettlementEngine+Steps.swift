import YibaoCore
import YibaoPolicy

extension SettlementEngine {
    /// Step 1: split each item into 全自费, 超限价, 乙类先行自付 and 政策范围内.
    func splitItems<T: SettlementTrace>(_ bill: Bill, compiled: CompiledScheme, into r: inout Settlement,
        trace: inout T) throws(SettlementError)
    {
        for item in bill.items {
            r.medicalFeeTotalFen += item.amountFen
            if item.level == .classC {
                r.fullOwnPayFen += item.amountFen
                trace.record(.fullOwnPayItem(serial: item.serial, amountFen: item.amountFen))
                continue
            }
            var rest = item.amountFen
            if let unitCap = item.unitPriceCapFen {
                let capTotal = Fen.ratio(unitCap.value * item.quantityE4, 10_000)
                if rest > capTotal {
                    let over = rest - capTotal
                    r.overLimitSelfPayFen += over
                    rest = capTotal
                    trace.record(.overLimitItem(serial: item.serial, amountFen: item.amountFen, capFen: capTotal, overFen: over))
                }
            }
            if item.level == .classB {
                let share: Bps
                let fromPack: Bool
                if let s = item.selfPayShareBps {
                    share = s
                    fromPack = false
                } else if let s = compiled.classBSelfPayShare {
                    share = s
                    fromPack = true
                } else {
                    throw .classBShareMissing(region: compiled.region, year: compiled.year, itemSerial: item.serial)
                }
                let pre = rest.applying(share)
                r.preSelfPayFen += pre
                trace.record(.classBItem(serial: item.serial, baseFen: rest, shareBps: share, preSelfPayFen: pre, fromPack: fromPack))
                rest -= pre
            }
            r.inScopeFen += rest
        }
    }

    /// Step 2: the deductible (起付线) this bill bears, at most its in-scope amount.
    func deductible<T: SettlementTrace>(_ bill: Bill, benefit: CompiledBenefit, inScope: Fen, trace: inout T) -> Fen {
        guard benefit.deductibleBasis != .none,
            let rule = benefit.deductibles.first(where: { $0.match.matches(bill.personType, bill.institutionLevel, age: bill.age) })
        else { return .zero }
        let due: Fen
        var admission = 0
        switch benefit.deductibleBasis {
        case .none:
            due = .zero
        case .perAdmission:
            if benefit.kind == .inpatient {
                admission = bill.yearToDate.admissions + 1
                due = admission > 1 ? (rule.laterFen ?? rule.firstFen) : rule.firstFen
            } else {
                due = rule.firstFen  // per visit
            }
        case .perYear:
            let paid = benefit.kind == .outpatient ? bill.yearToDate.outpatientDeductiblePaidFen : bill.yearToDate.deductiblePaidFen
            due = max(.zero, rule.firstFen - paid)
        }
        let applied = min(due, inScope)
        trace.record(.deductible(dueFen: due, appliedFen: applied, basis: benefit.deductibleBasis, admission: admission))
        return applied
    }

    /// Step 3 and 4: bands on the year's cumulative in-scope amount, ratio by person type, level and age,
    /// bonus, out-of-area reduction; then each fund's remaining annual cap.
    func payBands<T: SettlementTrace>(_ bill: Bill, benefit: CompiledBenefit, cumulativeBefore: Fen,
        reduction: Bps, into r: inout Settlement, trace: inout T)
    {
        let start = cumulativeBefore + r.deductibleFen
        let end = cumulativeBefore + r.inScopeFen
        let bonus = benefit.bonuses.first { $0.match.matches(bill.personType, bill.institutionLevel, age: bill.age) }?.addBps ?? .zero
        var computed = FundAmounts()
        var lower = Fen.zero
        for band in benefit.bands {
            let upper = band.upToFen
            let from = max(lower, start)
            let to = upper.map { min($0, end) } ?? end
            defer { lower = upper ?? lower }
            guard to > from else { continue }
            let base = band.ratios.first { $0.match.matches(bill.personType, bill.institutionLevel, age: bill.age) }?.ratioBps ?? .zero
            let boosted = min(Bps.full.value, base.value + bonus.value)
            let ratio = Bps(max(0, boosted - reduction.value))
            let amount = to - from
            let paid = amount.applying(ratio)
            computed[band.fund] += paid
            trace.record(.band(fromFen: from, toFen: upper, amountFen: amount, baseRatio: base, bonus: bonus, reduction: reduction,
                ratio: ratio, fund: band.fund, paidFen: paid))
        }
        if let last = benefit.bands.last?.upToFen, end > max(last, start) {
            trace.record(.beyondLastBand(limitFen: last, amountFen: end - max(last, start)))
        }
        for fund in benefit.funds {
            let wanted = computed[fund]
            let paidBefore = paidSoFar(bill.yearToDate, fund: fund, benefit: benefit.kind)
            var paid = wanted
            var remaining: Fen?
            if let cap = benefit.caps.first(where: { $0.fund == fund && $0.match.matches(bill.personType, bill.institutionLevel, age: bill.age) }) {
                let left = max(.zero, cap.amountFen - paidBefore)
                if wanted > left {
                    paid = left
                    trace.record(.capApplied(fund: fund, capFen: cap.amountFen, paidBeforeFen: paidBefore, computedFen: wanted, paidFen: paid))
                }
                remaining = left - paid
            } else if let note = benefit.capGapNote {
                r.capNotConfigured = true
                trace.record(.capNotConfigured(fund: fund, note: note))
            }
            switch fund {
            case .hifp: r.pooledFundFen = paid
            case .hifob: r.largeSumFundFen = paid
            case .hifmi: r.criticalIllnessFundFen = paid
            case .cvlserv: r.civilServantFundFen = paid
            }
            r.fundPayments.append(FundPayment(fund: fund, paidFen: paid, remainingCapFen: remaining))
        }
    }

    func paidSoFar(_ ytd: YearToDate, fund: Fund, benefit: Benefit.Kind) -> Fen {
        switch fund {
        case .hifp: benefit == .outpatient ? ytd.outpatientPooledPaidFen : ytd.pooledPaidFen
        case .hifob: ytd.largeSumPaidFen
        case .hifmi: ytd.criticalIllnessPaidFen
        case .cvlserv: ytd.civilServantPaidFen
        }
    }

    /// Step 5: the person's part, paid by the own account first, then a relative's (共济), then cash.
    ///
    /// A scheme without a personal account (深圳二档, 居民医保) has no own account to pay from, whatever balance the
    /// bill states; a relative's account may still pay under 家庭共济.
    func payPersonPart<T: SettlementTrace>(_ bill: Bill, mayPayOutOfScope: Bool, hasPersonalAccount: Bool,
        into r: inout Settlement, trace: inout T)
    {
        let payable = mayPayOutOfScope ? r.personPartFen : r.personPartFen - r.fullOwnPayFen - r.overLimitSelfPayFen
        if bill.useAccount {
            r.accountPayFen = hasPersonalAccount ? min(bill.accountBalanceFen, payable) : .zero
            r.mutualAidPayFen = min(bill.mutualAidBalanceFen, payable - r.accountPayFen)
        }
        r.cashPayFen = r.personPartFen - r.accountPayFen - r.mutualAidPayFen
        r.accountBalanceAfterFen = bill.accountBalanceFen - r.accountPayFen
        trace.record(.account(payableFen: payable, accountFen: r.accountPayFen, mutualAidFen: r.mutualAidPayFen,
            cashFen: r.cashPayFen, balanceAfterFen: r.accountBalanceAfterFen, used: bill.useAccount))
    }

    /// The accumulators after the bill: each grows by exactly what this bill counted or paid.
    func advance(_ ytd: YearToDate, by r: Settlement, benefit: Benefit.Kind) -> YearToDate {
        var next = ytd
        switch benefit {
        case .outpatient:
            next.outpatientInScopeCumulativeFen += r.inScopeFen
            next.outpatientPooledPaidFen += r.pooledFundFen
            next.outpatientDeductiblePaidFen += r.deductibleFen
        case .inpatient, .chronicOutpatient:
            next.inScopeCumulativeFen += r.inScopeFen
            next.pooledPaidFen += r.pooledFundFen
            next.deductiblePaidFen += r.deductibleFen
            if benefit == .inpatient { next.admissions += 1 }
        }
        next.largeSumPaidFen += r.largeSumFundFen
        next.criticalIllnessPaidFen += r.criticalIllnessFundFen
        next.civilServantPaidFen += r.civilServantFundFen
        return next
    }
}
