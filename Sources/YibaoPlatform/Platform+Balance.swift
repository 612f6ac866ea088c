import YibaoCore
import YibaoPolicy

extension Platform {
    /// The credit for a month is due by this working day of the following month: our operating commitment
    /// for the crediting batch (not a policy figure), counted with the holiday calendar.
    public static var creditDueWorkingDay: Int { 10 }

    /// When the credit for `month` is due: the `creditDueWorkingDay`-th working day of the next month, or that
    /// month's last day where the holiday calendar does not cover the year.
    public func creditDueDate(for month: Month) -> CalendarDate {
        let next = month.adding(1)
        // Counted from the month's first working day: counting from the 1st would land a day early whenever the
        // month starts on a weekend or holiday.
        if let first = try? calendar.adding(workingDays: 0, to: next.firstDay),
            let d = try? calendar.adding(workingDays: Platform.creditDueWorkingDay - 1, to: first)
        {
            return d
        }
        return next.lastDay
    }

    /// The balance with its reasons (`balance`), worked out from the person's records.
    public func balance(person query: String) throws -> BalanceView {
        let today = try today()
        return try store.read { tx in BalanceExplainer.explain(try facts(person: query, today: today, in: tx)) }
    }

    func facts(person query: String, today: CalendarDate, in tx: any StoreReader) throws -> BalanceFacts {
        let p = try person(query, in: tx)
        let birth = (try? IDNumber(p.idNumber).birthDate) ?? today
        var f = BalanceFacts(psnNo: p.psnNo, birthDate: birth, today: today)
        guard let history = try? insurance(of: p, type: nil, in: tx) else { return f }
        f.insurance = history
        let region = history.insurance.region
        f.regionName = regions.region(code: region)?.name
        let state = history.state(on: today) ?? history.current
        if let pack = try? catalog.pack(region: region, year: today.year) {
            let scheme = pack.scheme(insuranceType: history.insurance.insuranceType, tier: state?.tier)
            f.schemeLabel = scheme?.label
            f.schemeHasAccount = scheme?.hasPersonalAccount
            f.hasTiers = pack.schemes.filter { $0.insuranceType == history.insurance.insuranceType }.count > 1
            f.employeeLapseRuleConfigured = pack.waiting?.employeeLapse != nil
            if case .fixed(_, let period)? = scheme?.crediting?.retired?.rule { f.retiredCreditedYearly = period == .year }
            if let r = catalog.residentsWaiting(for: pack) {
                let source = catalog.national(year: pack.year)?.sources[r.provenance.source]?.title ?? r.provenance.source
                f.residentsWaiting = ResidentsWaitingInput(fixedMonths: r.fixedMonths, extraMonthsPerLapseYear: r.extraMonthsPerLapseYear,
                    monthsRemovedPerBackPaidYear: r.monthsRemovedPerBackPaidYear, longLapseYears: r.longLapseYears,
                    longLapseMinMonths: r.longLapseMinMonths, source: source)
            }
        }
        f.contributions = try tx.contributions(insuranceId: history.insurance.id ?? 0)
        let lastMonth = Month(today).adding(-1)
        f.lastMonthRunDone = try tx.creditingRun(month: lastMonth.description, region: region) != nil
        f.lastMonthDueDate = creditDueDate(for: lastMonth)
        f.firstCreditDueDate = creditDueDate(for: Month(history.insurance.startDate))
        guard let account = try tx.account(kind: .personal, region: region, ownerPersonId: p.id) else { return f }
        f.account = account
        f.accountStatus = try tx.statusEvents(accountId: account.id ?? 0).last
        f.credits = try tx.credits(accountId: account.id ?? 0)
        let yearAgo = today.adding(days: -365)
        let window = try tx.transfers(accountId: account.id ?? 0, from: yearAgo, to: today, limit: 1_000)
        // A reversed payment came back: neither it nor its reversal counts as spending.
        let reversed = Set(window.compactMap(\.reversesTransferId))
        let recent = window.filter { $0.debitAccountId == account.id && $0.code != .creditDeduction && !reversed.contains($0.id ?? 0) }
        f.recentDebits = recent.filter { $0.code == .settlementAccount }.sorted { $0.amountFen > $1.amountFen }
        var byRelative: [Int64: (String, Fen)] = [:]
        for t in recent where t.code == .settlementMutualAid {
            let setlId = String(t.reference.dropFirst("setl:".count))
            guard let relative = try tx.settlement(setlId: setlId).flatMap({ try tx.person(id: $0.personId) }) else { continue }
            let id = relative.id ?? 0
            byRelative[id] = (Platform.maskName(relative.name), (byRelative[id]?.1 ?? .zero) + t.amountFen)
        }
        f.relativeSpending = byRelative.sorted { $0.key < $1.key }.map(\.value)
        return f
    }

    /// The balance reasons as readable Chinese text (`explain`).
    public func explain(person query: String) throws -> [String] {
        try balance(person: query).explanationText
    }
}
