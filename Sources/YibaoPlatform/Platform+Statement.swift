import YibaoCore

/// One line of a personal-account statement (明细).
public struct StatementLine: Codable, Sendable, Hashable {
    public let date: CalendarDate
    public let code: String
    public let description: String
    /// Positive for money in, negative for money out.
    public let amountFen: Fen
    public let balanceAfterFen: Fen
    public let reference: String
}

public struct Statement: Codable, Sendable, Hashable {
    public let psn_no: String
    public let region: String
    public let balanceFen: Fen
    public let lines: [StatementLine]
}

/// Person details for `person show` (ID number masked).
public struct PersonView: Codable, Sendable, Hashable {
    public let psn_no: String
    public let name: String
    public let idNumberMasked: String
    public let sex: String
    public let birthDate: CalendarDate
    public let phoneMasked: String?
    public let createdOn: CalendarDate
    public let insurances: [InsuranceView]
}

public struct InsuranceView: Codable, Sendable, Hashable {
    public let insuranceType: InsuranceType
    public let insuranceTypeLabel: String
    public let region: String
    public let regionName: String
    public let startDate: CalendarDate
    public let employer: String?
    public let current: InsuranceVersion?
    public let history: [InsuranceVersion]
}

extension Platform {
    /// Every transfer of the person's personal account, newest first, with a Chinese description and the
    /// balance after each line (derived from the current balance backwards).
    public func statement(person query: String, from: String? = nil, to: String? = nil, limit: Int = 200) throws -> Statement {
        let fromDate = try from.map(parseDate)
        let toDate = try to.map(parseDate)
        guard limit > 0, limit <= Platform.statementRowsMax else {
            throw PlatformError.limitExceeded(name: "明细条数", max: Platform.statementRowsMax)
        }
        return try store.read { tx in
            let p = try person(query, in: tx)
            let history = try insurance(of: p, type: nil, in: tx)
            guard let account = try tx.account(kind: .personal, region: history.insurance.region, ownerPersonId: p.id) else {
                throw PlatformError.noPersonalAccount(p.psnNo)
            }
            let id = account.id ?? 0
            // Balance after each line: walk back from today's balance through every later transfer.
            let all = try tx.transfers(accountId: id, from: nil, to: nil, limit: 100_000)
            var running = account.balanceFen
            var lines: [StatementLine] = []
            for t in all {
                let signed = t.creditAccountId == id ? t.amountFen : Fen(-t.amountFen.value)
                let inRange = (fromDate.map { t.postedOn >= $0 } ?? true) && (toDate.map { t.postedOn <= $0 } ?? true)
                if inRange, lines.count < limit {
                    lines.append(StatementLine(date: t.postedOn, code: t.code.rawValue, description: t.memo, amountFen: signed,
                        balanceAfterFen: running, reference: t.reference))
                }
                running -= signed
            }
            return Statement(psn_no: p.psnNo, region: history.insurance.region, balanceFen: account.balanceFen, lines: lines)
        }
    }

    public func personView(_ query: String) throws -> PersonView {
        try store.read { tx in
            let p = try person(query, in: tx)
            let id = try IDNumber(p.idNumber)
            let insurances = try histories(personId: p.id ?? 0, in: tx).map { h in
                InsuranceView(insuranceType: h.insurance.insuranceType, insuranceTypeLabel: h.insurance.insuranceType.label,
                    region: h.insurance.region, regionName: regions.region(code: h.insurance.region)?.name ?? h.insurance.region,
                    startDate: h.insurance.startDate, employer: h.insurance.employer, current: h.current, history: h.versions)
            }
            return PersonView(psn_no: p.psnNo, name: p.name, idNumberMasked: id.maskedText, sex: id.sex.label, birthDate: id.birthDate,
                phoneMasked: p.phone.map { $0.count >= 7 ? String($0.prefix(3)) + "****" + String($0.suffix(4)) : "****" },
                createdOn: p.createdOn, insurances: insurances)
        }
    }

    public func personList(limit: Int = 50, offset: Int = 0) throws -> [PersonRecord] {
        guard limit > 0, limit <= Platform.listPageMax else { throw PlatformError.limitExceeded(name: "每页条数", max: Platform.listPageMax) }
        return try store.read { try $0.persons(limit: limit, offset: max(0, offset)) }
    }
}
