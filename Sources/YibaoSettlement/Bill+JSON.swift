import Foundation
import YibaoCore

/// Reading a bill from JSON with the national platform's field names.
///
/// Amounts are yuan, as strings ("8000.00") or JSON numbers, with at most two decimals; they go
/// straight to fen without floating point (a JSON number is read as its shortest decimal text).
extension Bill {
    /// Largest JSON document accepted for one bill.
    public static let jsonBytesMax = 2_000_000

    /// Documented defaults: `tier` none, `mdtrtarea_admvs` = `insuplc_admdvs`, `acct_used_flag` "0",
    /// `acct_balc` and `mulaid_balc` 0.00, `offsite` "none", `ytd` all zero, item `cnt` 1,
    /// `selfpay_prop` the pack's 乙类 share, `pric_uplmt_amt` no cap.
    public static func fromJSON(_ data: Data, regions: RegionTable? = nil, overriding: [String: Any] = [:])
        throws(SettlementError) -> Bill
    {
        guard data.count <= jsonBytesMax else { throw .malformedJSON("超过 \(jsonBytesMax) 字节") }
        if let fast = BillJSONParser.object(data) { return try fromJSONObject(fast, regions: regions, overriding: overriding) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw .malformedJSON("无法解析")
        }
        guard let root = object as? [String: Any] else { throw .malformedJSON("顶层应为对象") }
        return try fromJSONObject(root, regions: regions, overriding: overriding)
    }

    /// The same from an already parsed JSON object. Fields in `overriding` — what the caller knows better than
    /// the sender (the person's records, when a centre settles for a registered person) — replace the bill's.
    public static func fromJSONObject(_ object: [String: Any], regions: RegionTable? = nil, overriding: [String: Any] = [:])
        throws(SettlementError) -> Bill
    {
        var root = object
        for (key, value) in overriding { root[key] = value }
        return try BillReader(root: root, regions: regions, context: nil).bill()
    }

    /// The same with the person's side of the bill taken from `context` instead of the sender's fields: what
    /// `overriding` does with the fields `BillContext.overriddenFields`, with the same checks and errors, without
    /// writing the values as JSON strings and reading them back (a centre does this for every bill).
    public static func fromJSONObject(_ object: [String: Any], regions: RegionTable? = nil, context: BillContext)
        throws(SettlementError) -> Bill
    {
        try BillReader(root: object, regions: regions, context: context).bill()
    }
}

/// The person's side of a bill as the centre's records have it (参保地, 险种, 人员类别, 档次, age, balances and
/// year-to-date accumulators), replacing what the sender wrote in those fields.
public struct BillContext: Sendable, Hashable {
    /// `insuplc_admdvs`: a region code, resolved to its pooling region as the field would be.
    public var insuredRegion: String
    /// `insutype`.
    public var insuranceType: InsuranceType
    /// `psn_type`.
    public var personType: PersonType
    /// `tier`; nil: none.
    public var tier: String?
    /// `age`.
    public var age: Int
    /// `acct_balc`.
    public var accountBalanceFen: Fen
    /// `mulaid_balc`.
    public var mutualAidBalanceFen: Fen
    /// `ytd`.
    public var yearToDate: YearToDate

    public init(insuredRegion: String, insuranceType: InsuranceType, personType: PersonType, tier: String?, age: Int,
        accountBalanceFen: Fen, mutualAidBalanceFen: Fen, yearToDate: YearToDate)
    {
        self.insuredRegion = insuredRegion
        self.insuranceType = insuranceType
        self.personType = personType
        self.tier = tier
        self.age = age
        self.accountBalanceFen = accountBalanceFen
        self.mutualAidBalanceFen = mutualAidBalanceFen
        self.yearToDate = yearToDate
    }

    /// The bill fields a context replaces.
    public static let overriddenFields: Set<String> = [
        "insuplc_admdvs", "insutype", "psn_type", "tier", "age", "acct_balc", "mulaid_balc", "ytd",
    ]

    /// The same values as bill fields, for `fromJSONObject(_:regions:overriding:)` (and the tests that hold the
    /// two paths to the same answers).
    public var overridingFields: [String: Any] {
        let y = yearToDate
        let ytd: [String: Any] = [
            "inscp_cum": y.inScopeCumulativeFen.description, "hifp_paid": y.pooledPaidFen.description,
            "hifob_paid": y.largeSumPaidFen.description, "hifmi_paid": y.criticalIllnessPaidFen.description,
            "cvlserv_paid": y.civilServantPaidFen.description, "deductible_paid": y.deductiblePaidFen.description,
            "admissions": String(y.admissions), "outpatient_inscp_cum": y.outpatientInScopeCumulativeFen.description,
            "outpatient_hifp_paid": y.outpatientPooledPaidFen.description,
            "outpatient_deductible_paid": y.outpatientDeductiblePaidFen.description,
        ]
        return [
            "insuplc_admdvs": insuredRegion, "insutype": insuranceType.rawValue, "psn_type": personType.rawValue,
            "tier": tier ?? NSNull(), "age": String(age), "acct_balc": accountBalanceFen.description,
            "mulaid_balc": mutualAidBalanceFen.description, "ytd": ytd,
        ]
    }
}

struct BillReader {
    let root: [String: Any]
    let regions: RegionTable?
    /// The person's side from the records; nil: from the bill's fields.
    let context: BillContext?

    func text(_ object: [String: Any], _ key: String, path: @autoclosure () -> String) throws(SettlementError) -> String? {
        // Strings first: asking whether a Swift value `is NSNull` bridges it to a Foundation object.
        guard let value = object[key] else { return nil }
        if let s = value as? String { return s }
        if value is NSNull { return nil }
        // A JSON number becomes its shortest decimal text ("123.45"), which round-trips exactly for every
        // amount within `Bill.amountMax`; `Fen.parse` then refuses a third decimal as for a string.
        // JSON true/false arrive as NSNumber too, with the C type "c"; they are not numbers here.
        if let n = value as? NSNumber, String(cString: n.objCType) != "c" { return n.stringValue }
        throw .invalidValue(field: path(), value: "\(value)")
    }

    func required(_ object: [String: Any], _ key: String, path: @autoclosure () -> String) throws(SettlementError) -> String {
        guard let t = try text(object, key, path: path()), !t.isEmpty else { throw .missingField(path()) }
        return t
    }

    func amount(_ object: [String: Any], _ key: String, path: @autoclosure () -> String, default fallback: Fen? = nil)
        throws(SettlementError) -> Fen
    {
        guard let t = try text(object, key, path: path()) else {
            if let fallback { return fallback }
            throw .missingField(path())
        }
        let fen: Fen
        do {
            fen = try Fen.parse(t)
        } catch {
            throw .invalidAmount(field: path(), reason: error)
        }
        guard fen <= Bill.amountMax else { throw .amountTooLarge(field: path()) }
        return fen
    }

    func code<E: RawRepresentable>(_ type: E.Type, _ object: [String: Any], _ key: String, path: @autoclosure () -> String)
        throws(SettlementError) -> E where E.RawValue == String
    {
        let raw = try required(object, key, path: path())
        guard let value = E(rawValue: raw) else { throw .unknownCode(field: path(), value: raw) }
        return value
    }

    func region(_ key: String, default fallback: String? = nil) throws(SettlementError) -> String {
        let raw: String
        if let t = try text(root, key, path: key) { raw = t } else if let fallback { return fallback } else { throw .missingField(key) }
        return try resolvedRegion(raw, key: key)
    }

    func resolvedRegion(_ raw: String, key: String) throws(SettlementError) -> String {
        // Six ASCII digits, checked on the bytes (the same test as on characters, without grapheme breaking).
        guard raw.utf8.count == 6, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw .invalidValue(field: key, value: raw)
        }
        guard let regions else { return raw }
        guard let pooling = regions.poolingRegion(of: raw) else { throw .regionUnknown(raw) }
        return pooling.code
    }

    /// A figure from the records, held to what reading it from the bill would have required.
    func checked(_ fen: Fen, _ field: String) throws(SettlementError) -> Fen {
        if fen.isNegative { throw .invalidAmount(field: field, reason: .negativeNotAllowed(fen.description)) }
        if fen > Fen.parseMax { throw .invalidAmount(field: field, reason: .outOfRange(fen.description)) }
        guard fen <= Bill.amountMax else { throw .amountTooLarge(field: field) }
        return fen
    }

    func bill() throws(SettlementError) -> Bill {
        if let context { return try bill(context) }
        let insured = try region("insuplc_admdvs")
        let treated = try region("mdtrtarea_admvs", default: insured)
        let dateText = try required(root, "setl_date", path: "setl_date")
        guard let date = CalendarDate(String(dateText.prefix(10))) else { throw .invalidValue(field: "setl_date", value: dateText) }
        let ageText = try required(root, "age", path: "age")
        guard let age = Int(ageText), (0...150).contains(age) else { throw .invalidValue(field: "age", value: ageText) }
        let flag = try text(root, "acct_used_flag", path: "acct_used_flag") ?? "0"
        guard flag == "0" || flag == "1" else { throw .invalidValue(field: "acct_used_flag", value: flag) }
        let offsiteText = try text(root, "offsite", path: "offsite") ?? "none"
        guard let offsite = OffsiteStatus(rawValue: offsiteText) else { throw .unknownCode(field: "offsite", value: offsiteText) }
        return Bill(
            insuredRegion: insured, treatmentRegion: treated,
            insuranceType: try code(InsuranceType.self, root, "insutype", path: "insutype"),
            tier: try text(root, "tier", path: "tier"),
            personType: try code(PersonType.self, root, "psn_type", path: "psn_type"), age: age,
            medicalType: try code(MedicalType.self, root, "med_type", path: "med_type"),
            institutionLevel: try code(InstitutionLevel.self, root, "medins_lv", path: "medins_lv"), date: date,
            useAccount: flag == "1", accountBalanceFen: try amount(root, "acct_balc", path: "acct_balc", default: .zero),
            mutualAidBalanceFen: try amount(root, "mulaid_balc", path: "mulaid_balc", default: .zero), offsite: offsite,
            yearToDate: try yearToDate(), items: try items())
    }

    /// `bill()` with the person's side from `c`: the same checks, in the same order, as on the fields.
    func bill(_ c: BillContext) throws(SettlementError) -> Bill {
        let insured = try resolvedRegion(c.insuredRegion, key: "insuplc_admdvs")
        let treated = try region("mdtrtarea_admvs", default: insured)
        let dateText = try required(root, "setl_date", path: "setl_date")
        guard let date = CalendarDate(String(dateText.prefix(10))) else { throw .invalidValue(field: "setl_date", value: dateText) }
        guard (0...150).contains(c.age) else { throw .invalidValue(field: "age", value: String(c.age)) }
        let flag = try text(root, "acct_used_flag", path: "acct_used_flag") ?? "0"
        guard flag == "0" || flag == "1" else { throw .invalidValue(field: "acct_used_flag", value: flag) }
        let offsiteText = try text(root, "offsite", path: "offsite") ?? "none"
        guard let offsite = OffsiteStatus(rawValue: offsiteText) else { throw .unknownCode(field: "offsite", value: offsiteText) }
        let medicalType = try code(MedicalType.self, root, "med_type", path: "med_type")
        let level = try code(InstitutionLevel.self, root, "medins_lv", path: "medins_lv")
        let account = try checked(c.accountBalanceFen, "acct_balc")
        let mutualAid = try checked(c.mutualAidBalanceFen, "mulaid_balc")
        var y = c.yearToDate
        y.inScopeCumulativeFen = try checked(y.inScopeCumulativeFen, "ytd.inscp_cum")
        y.pooledPaidFen = try checked(y.pooledPaidFen, "ytd.hifp_paid")
        y.largeSumPaidFen = try checked(y.largeSumPaidFen, "ytd.hifob_paid")
        y.criticalIllnessPaidFen = try checked(y.criticalIllnessPaidFen, "ytd.hifmi_paid")
        y.civilServantPaidFen = try checked(y.civilServantPaidFen, "ytd.cvlserv_paid")
        y.deductiblePaidFen = try checked(y.deductiblePaidFen, "ytd.deductible_paid")
        y.outpatientInScopeCumulativeFen = try checked(y.outpatientInScopeCumulativeFen, "ytd.outpatient_inscp_cum")
        y.outpatientPooledPaidFen = try checked(y.outpatientPooledPaidFen, "ytd.outpatient_hifp_paid")
        y.outpatientDeductiblePaidFen = try checked(y.outpatientDeductiblePaidFen, "ytd.outpatient_deductible_paid")
        guard (0...366).contains(y.admissions) else { throw .invalidValue(field: "ytd.admissions", value: String(y.admissions)) }
        return Bill(
            insuredRegion: insured, treatmentRegion: treated, insuranceType: c.insuranceType, tier: c.tier,
            personType: c.personType, age: c.age, medicalType: medicalType, institutionLevel: level, date: date,
            useAccount: flag == "1", accountBalanceFen: account, mutualAidBalanceFen: mutualAid, offsite: offsite,
            yearToDate: y, items: try items())
    }

    func yearToDate() throws(SettlementError) -> YearToDate {
        var y = YearToDate()
        guard let value = root["ytd"] else { return y }
        guard let o = value as? [String: Any] else {
            if value is NSNull { return y }
            throw .invalidValue(field: "ytd", value: "应为对象")
        }
        y.inScopeCumulativeFen = try amount(o, "inscp_cum", path: "ytd.inscp_cum", default: .zero)
        y.pooledPaidFen = try amount(o, "hifp_paid", path: "ytd.hifp_paid", default: .zero)
        y.largeSumPaidFen = try amount(o, "hifob_paid", path: "ytd.hifob_paid", default: .zero)
        y.criticalIllnessPaidFen = try amount(o, "hifmi_paid", path: "ytd.hifmi_paid", default: .zero)
        y.civilServantPaidFen = try amount(o, "cvlserv_paid", path: "ytd.cvlserv_paid", default: .zero)
        y.deductiblePaidFen = try amount(o, "deductible_paid", path: "ytd.deductible_paid", default: .zero)
        y.outpatientInScopeCumulativeFen = try amount(o, "outpatient_inscp_cum", path: "ytd.outpatient_inscp_cum", default: .zero)
        y.outpatientPooledPaidFen = try amount(o, "outpatient_hifp_paid", path: "ytd.outpatient_hifp_paid", default: .zero)
        y.outpatientDeductiblePaidFen = try amount(o, "outpatient_deductible_paid", path: "ytd.outpatient_deductible_paid",
            default: .zero)
        let admissions = try text(o, "admissions", path: "ytd.admissions") ?? "0"
        guard let n = Int(admissions), (0...366).contains(n) else { throw .invalidValue(field: "ytd.admissions", value: admissions) }
        y.admissions = n
        return y
    }

    func items() throws(SettlementError) -> [BillItem] {
        guard let value = root["items"] else { throw .missingField("items") }
        guard let list = value as? [Any] else { throw .invalidValue(field: "items", value: "应为数组") }
        guard !list.isEmpty else { throw .noItems }
        guard list.count <= Bill.itemsMax else { throw .tooManyItems(count: list.count) }
        var items: [BillItem] = []
        items.reserveCapacity(list.count)
        var serials: Set<String> = []
        for (i, element) in list.enumerated() {
            func p() -> String { "items[\(i)]" }
            guard let o = element as? [String: Any] else { throw .invalidValue(field: p(), value: "应为对象") }
            // Without `feedetl_sn` an item is named by its position; only serials the sender gave must be unique.
            let given = try text(o, "feedetl_sn", path: "\(p()).feedetl_sn")
            if let given, !serials.insert(given).inserted { throw .duplicateItemSerial(given) }
            let serial = given ?? String(i + 1)
            var share: Bps?
            if let s = try text(o, "selfpay_prop", path: "\(p()).selfpay_prop") {
                guard let b = Bps.parseFraction(s) else { throw .invalidValue(field: "\(p()).selfpay_prop", value: s) }
                share = b
            }
            var cap: Fen?
            if o["pric_uplmt_amt"] != nil, !(o["pric_uplmt_amt"] is NSNull) {
                cap = try amount(o, "pric_uplmt_amt", path: "\(p()).pric_uplmt_amt")
            }
            let cntText = try text(o, "cnt", path: "\(p()).cnt") ?? "1"
            guard let cnt = Bps.parseQuantity(cntText), cnt > 0, cnt <= Bill.quantityMax else {
                throw .invalidValue(field: "\(p()).cnt", value: cntText)
            }
            items.append(BillItem(
                serial: serial, catalogueCode: try text(o, "med_list_codg", path: "\(p()).med_list_codg") ?? "",
                amountFen: try amount(o, "det_item_fee_sumamt", path: "\(p()).det_item_fee_sumamt"),
                level: try code(ChargeItemLevel.self, o, "chrgitm_lv", path: "\(p()).chrgitm_lv"),
                selfPayShareBps: share, unitPriceCapFen: cap, quantityE4: cnt))
        }
        return items
    }
}

extension Bps {
    /// A quantity with up to four decimals ("1", "0.5", "12.25") in ten-thousandths; nil if malformed.
    static func parseQuantity(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !parts[0].isEmpty, parts[0].count <= 9, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let whole = Int64(parts[0])
        else { return nil }
        var frac: Int64 = 0
        if parts.count == 2 {
            let d = parts[1]
            guard !d.isEmpty, d.count <= 4, d.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(d) else { return nil }
            frac = v * [1000, 100, 10, 1][d.count - 1]
        }
        return whole * 10_000 + frac
    }
}
