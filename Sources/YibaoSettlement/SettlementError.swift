import YibaoCore

/// Why a bill was refused. Cases name the broken rule; each carries what a person needs to fix it.
public enum SettlementError: YibaoError, Equatable {
    case malformedJSON(String)
    case missingField(String)
    case invalidAmount(field: String, reason: FenParseError)
    case amountTooLarge(field: String)
    case invalidValue(field: String, value: String)
    case unknownCode(field: String, value: String)
    case noItems
    case tooManyItems(count: Int)
    case duplicateItemSerial(String)
    case regionUnknown(String)
    case regionMissing(region: String)
    case yearMissing(region: String, year: Int, available: [Int])
    case schemeMissing(region: String, year: Int, insuranceType: String, tier: String?)
    case benefitMissing(region: String, year: Int, scheme: String, medicalType: String)
    case levelNotCovered(region: String, year: Int, benefit: String, level: String)
    case offsiteRuleMissing(region: String, year: Int, status: String)
    case classBShareMissing(region: String, year: Int, itemSerial: String)

    public var code: String {
        switch self {
        case .malformedJSON: "bill_malformed_json"
        case .missingField: "bill_missing_field"
        case .invalidAmount: "bill_invalid_amount"
        case .amountTooLarge: "bill_amount_too_large"
        case .invalidValue: "bill_invalid_value"
        case .unknownCode: "bill_unknown_code"
        case .noItems: "bill_no_items"
        case .tooManyItems: "bill_too_many_items"
        case .duplicateItemSerial: "bill_duplicate_item"
        case .regionUnknown: "region_unknown"
        case .regionMissing: "policy_region_missing"
        case .yearMissing: "policy_year_missing"
        case .schemeMissing: "policy_scheme_missing"
        case .benefitMissing: "policy_benefit_missing"
        case .levelNotCovered: "policy_level_missing"
        case .offsiteRuleMissing: "policy_offsite_missing"
        case .classBShareMissing: "policy_class_b_share_missing"
        }
    }

    public var message: String {
        switch self {
        case .malformedJSON(let d): "结算单不是有效的 JSON：\(d)"
        case .missingField(let f): "结算单缺少必填字段 \(f)。"
        case .invalidAmount(let f, let r): "字段 \(f)：\(r.message)"
        case .amountTooLarge(let f): "字段 \(f) 金额超过上限 \(Bill.amountMax) 元。"
        case .invalidValue(let f, let v): "字段 \(f) 的值“\(v)”无效。"
        case .unknownCode(let f, let v): "字段 \(f) 的代码“\(v)”未知。"
        case .noItems: "结算单没有费用明细。"
        case .tooManyItems(let n): "费用明细 \(n) 条，超过单次结算上限 \(Bill.itemsMax) 条。"
        case .duplicateItemSerial(let s): "费用明细流水号 \(s) 重复。"
        case .regionUnknown(let r): "参保地区划代码 \(r) 未知。"
        case .regionMissing(let r): "统筹区 \(r) 尚未配置政策参数，无法结算；不会借用其他地区的政策。"
        case .yearMissing(let r, let y, let a):
            "统筹区 \(r) 没有 \(y) 年度的政策参数（已有：\(a.map(String.init).joined(separator: "、")) 年），无法结算。"
        case .schemeMissing(let r, let y, let t, let tier):
            "统筹区 \(r) \(y) 年度政策中没有险种 \(t)\(tier.map { " 第 \($0) 档" } ?? "") 的参数，无法结算。"
        case .benefitMissing(let r, let y, let s, let m):
            "统筹区 \(r) \(y) 年度“\(s)”未配置医疗类别 \(m)（\(MedicalType(rawValue: m)?.label ?? m)）的待遇，无法结算。"
        case .levelNotCovered(let r, let y, let b, let l):
            "统筹区 \(r) \(y) 年度“\(b)”未配置 \(InstitutionLevel(rawValue: l)?.label ?? l) 的支付比例，无法结算。"
        case .offsiteRuleMissing(let r, let y, let s):
            "统筹区 \(r) \(y) 年度未配置“\(OffsiteStatus(rawValue: s)?.label ?? s)”的支付比例调整，无法结算。"
        case .classBShareMissing(let r, let y, let sn):
            "费用明细 \(sn) 为乙类项目但未传 selfpay_prop，且统筹区 \(r) \(y) 年度未配置乙类先行自付比例。"
        }
    }
}
