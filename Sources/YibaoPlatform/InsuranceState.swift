import YibaoCore

/// An insurance row with its version history, and its state on any date.
public struct InsuranceHistory: Sendable, Hashable, Codable {
    public let insurance: InsuranceRecord
    /// Versions in effective order (oldest first).
    public let versions: [InsuranceVersion]

    /// The version in effect on `date` (the latest whose `effectiveFrom` ≤ date), nil before enrolment.
    public func state(on date: CalendarDate) -> InsuranceVersion? {
        versions.last { $0.effectiveFrom <= date }
    }

    /// The latest version, whatever its date.
    public var current: InsuranceVersion? { versions.last }
}

extension Platform {
    func histories(personId: Int64, in tx: any StoreReader) throws -> [InsuranceHistory] {
        try tx.insurances(personId: personId).map { i in
            InsuranceHistory(insurance: i, versions: try tx.versions(insuranceId: i.id ?? 0))
        }
    }

    /// The person's insurance row to act on: the one of `type` if given, else the only one, else the
    /// employee row (a person usually has one).
    func insurance(of person: PersonRecord, type: InsuranceType?, in tx: any StoreReader) throws -> InsuranceHistory {
        try insurance(of: person, type: type, among: histories(personId: person.id ?? 0, in: tx))
    }

    /// The same among the person's histories already read.
    func insurance(of person: PersonRecord, type: InsuranceType?, among all: [InsuranceHistory]) throws -> InsuranceHistory {
        let candidates = type.map { t in all.filter { $0.insurance.insuranceType == t } } ?? all
        if candidates.count == 1 { return candidates[0] }
        if let employee = candidates.first(where: { $0.insurance.insuranceType == .employeeBasic }) { return employee }
        if let first = candidates.first { return first }
        throw PlatformError.insuranceNotFound(person.psnNo)
    }
}
