import YibaoCore
import YibaoPolicy

/// Enrolment request (`person add`).
public struct EnrolRequest: Codable, Sendable {
    public var idNumber: String
    public var name: String
    public var phone: String?
    public var region: String
    public var insuranceType: InsuranceType
    public var tier: String?
    public var personType: PersonType
    public var base: String
    public var start: String
    public var employer: String?
    /// Start the personal account as 未激活 (the person has not activated the e-voucher yet).
    public var accountNotActivated: Bool

    public init(idNumber: String, name: String, phone: String? = nil, region: String, insuranceType: InsuranceType,
        tier: String? = nil, personType: PersonType, base: String, start: String, employer: String? = nil,
        accountNotActivated: Bool = false)
    {
        self.idNumber = idNumber
        self.name = name
        self.phone = phone
        self.region = region
        self.insuranceType = insuranceType
        self.tier = tier
        self.personType = personType
        self.base = base
        self.start = start
        self.employer = employer
        self.accountNotActivated = accountNotActivated
    }
}

public struct EnrolResult: Codable, Sendable, Hashable {
    public let psn_no: String
    public let insuranceId: Int64
    public let personalAccount: Bool
}

/// A change of an insurance row from a date on (`insurance change`).
public struct InsuranceChangeRequest: Codable, Sendable {
    public var person: String
    public var insuranceType: InsuranceType?
    public var effective: String
    public var tier: String?
    public var personType: PersonType?
    public var base: String?
    public var status: InsuranceStatus?
    public var reason: String?

    public init(person: String, insuranceType: InsuranceType? = nil, effective: String, tier: String? = nil,
        personType: PersonType? = nil, base: String? = nil, status: InsuranceStatus? = nil, reason: String? = nil)
    {
        self.person = person
        self.insuranceType = insuranceType
        self.effective = effective
        self.tier = tier
        self.personType = personType
        self.base = base
        self.status = status
        self.reason = reason
    }
}

extension Platform {
    /// Registers a person (or adds an insurance row to a registered one) and opens the personal account
    /// when the scheme has one. Idempotent by `key`.
    public func enrol(_ r: EnrolRequest, key: String) throws -> EnrolResult {
        let today = try today()
        let id: IDNumber
        do {
            id = try IDNumber(r.idNumber, today: today)
        } catch {
            throw PlatformError.invalidIDNumber(error)
        }
        let name = r.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 50 else { throw PlatformError.limitExceeded(name: "姓名长度", max: 50) }
        let region = try pooling(r.region)
        let start = try parseDate(r.start)
        let base = try parseAmount(r.base, field: "缴费基数")
        let pack = try structurePack(region: region, around: max(start, today))
        guard let scheme = pack.scheme(insuranceType: r.insuranceType, tier: r.tier) else {
            throw PlatformError.schemeNotConfigured(region: region, insuranceType: r.insuranceType.rawValue, tier: r.tier)
        }
        return try store.write { tx in
            try idempotent(key: key, operation: "enrol", request: r, in: tx) {
                var person = try tx.person(idNumber: id.text)
                if person == nil {
                    let count = try tx.personCount()
                    var p = PersonRecord(psnNo: Platform.psnNo(region: region, sequence: count + 1), idNumber: id.text, name: name,
                        phone: r.phone, createdOn: today)
                    p.id = try tx.insert(p)
                    person = p
                }
                guard let person, let personId = person.id else { throw PlatformError.personNotFound(id.maskedText) }
                let existing = try tx.insurances(personId: personId)
                if existing.contains(where: { $0.insuranceType == r.insuranceType && $0.region == region }) {
                    throw PlatformError.personAlreadyInsured(person.psnNo)
                }
                let insuranceId = try tx.insert(InsuranceRecord(personId: personId, insuranceType: r.insuranceType, region: region,
                    employer: r.employer, startDate: start))
                _ = try tx.insert(InsuranceVersion(insuranceId: insuranceId, effectiveFrom: start, tier: scheme.tier,
                    personType: r.personType, baseFen: base, status: .active, reason: "参保登记", recordedOn: today))
                if scheme.hasPersonalAccount {
                    _ = try openPersonalAccount(personId: personId, region: region, on: start, notActivated: r.accountNotActivated, in: tx)
                }
                return EnrolResult(psn_no: person.psnNo, insuranceId: insuranceId, personalAccount: scheme.hasPersonalAccount)
            }
        }
    }

    /// 人员编号: region code + 10-digit sequence, unique because the sequence comes from the register.
    static func psnNo(region: String, sequence: Int) -> String {
        let digits = String(sequence)
        return region + String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    func openPersonalAccount(personId: Int64, region: String, on date: CalendarDate, notActivated: Bool,
        in tx: any StoreTransaction) throws -> AccountRecord
    {
        if let a = try tx.account(kind: .personal, region: region, ownerPersonId: personId) { return a }
        var account = AccountRecord(kind: .personal, region: region, ownerPersonId: personId, openedOn: date)
        account.id = try tx.insert(account)
        _ = try tx.insert(AccountStatusEvent(accountId: account.id ?? 0, status: notActivated ? .notActivated : .active,
            reason: notActivated ? "个人账户已建立，待激活" : "个人账户已建立", effectiveOn: date))
        return account
    }

    /// Records a change of tier, person type, base or status from a date on; history is kept.
    public func changeInsurance(_ r: InsuranceChangeRequest, key: String) throws -> InsuranceVersion {
        let today = try today()
        let effective = try parseDate(r.effective)
        let base = try r.base.map { try parseAmount($0, field: "缴费基数") }
        return try store.write { tx in
            try idempotent(key: key, operation: "insurance-change", request: r, in: tx) {
                let person = try person(r.person, in: tx)
                let history = try insurance(of: person, type: r.insuranceType, in: tx)
                guard let before = history.state(on: effective) ?? history.current else {
                    throw PlatformError.insuranceNotFound(person.psnNo)
                }
                let tier = r.tier ?? before.tier
                if r.tier != nil {
                    let pack = try structurePack(region: history.insurance.region, around: effective)
                    guard let scheme = pack.scheme(insuranceType: history.insurance.insuranceType, tier: tier) else {
                        throw PlatformError.schemeNotConfigured(region: history.insurance.region,
                            insuranceType: history.insurance.insuranceType.rawValue, tier: tier)
                    }
                    if scheme.hasPersonalAccount, let id = person.id {
                        _ = try openPersonalAccount(personId: id, region: history.insurance.region, on: effective,
                            notActivated: false, in: tx)
                    }
                }
                var reasons: [String] = []
                if let t = r.tier, t != before.tier { reasons.append("档次变更为第 \(t) 档") }
                if let p = r.personType, p != before.personType { reasons.append(p == .retired ? "办理退休" : "人员类别变更为在职") }
                if let b = base, b != before.baseFen { reasons.append("缴费基数调整为 \(b) 元") }
                if let s = r.status, s != before.status { reasons.append("参保状态变更为\(s.label)") }
                if let reason = r.reason, !reason.isEmpty { reasons.append(reason) }
                var v = InsuranceVersion(insuranceId: history.insurance.id ?? 0, effectiveFrom: effective, tier: tier,
                    personType: r.personType ?? before.personType, baseFen: base ?? before.baseFen, status: r.status ?? before.status,
                    reason: reasons.isEmpty ? "信息变更" : reasons.joined(separator: "；"), recordedOn: today)
                v.id = try tx.insert(v)
                return v
            }
        }
    }

    /// Freezes, unfreezes or activates a personal account (an appended status event).
    public func setAccountStatus(person query: String, status: AccountStatus, reason: String, key: String) throws
        -> AccountStatusEvent
    {
        let today = try today()
        struct Request: Codable { let person: String, status: AccountStatus, reason: String }
        return try store.write { tx in
            try idempotent(key: key, operation: "account-status", request: Request(person: query, status: status, reason: reason),
                in: tx) {
                let person = try person(query, in: tx)
                let history = try insurance(of: person, type: nil, in: tx)
                guard let account = try tx.account(kind: .personal, region: history.insurance.region, ownerPersonId: person.id)
                else { throw PlatformError.noPersonalAccount(person.psnNo) }
                let defaultReason: String
                switch status {
                case .frozen: defaultReason = "账户冻结"
                case .active: defaultReason = "账户激活或解冻"
                case .notActivated: defaultReason = "账户待激活"
                }
                var event = AccountStatusEvent(accountId: account.id ?? 0, status: status,
                    reason: reason.isEmpty ? defaultReason : reason, effectiveOn: today)
                event.id = try tx.insert(event)
                return event
            }
        }
    }
}
