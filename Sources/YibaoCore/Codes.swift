/// National insurance type codes (险种类型, `insutype`).
public enum InsuranceType: String, CaseIterable, Sendable, Codable {
    case employeeBasic = "310"
    case employeeLargeSum = "330"
    case civilServantSubsidy = "340"
    case residentsBasic = "390"
    case residentsCriticalIllness = "392"

    public var label: String {
        switch self {
        case .employeeBasic: "职工基本医疗保险"
        case .employeeLargeSum: "职工大额医疗费用补助"
        case .civilServantSubsidy: "公务员医疗补助"
        case .residentsBasic: "城乡居民基本医疗保险"
        case .residentsCriticalIllness: "城乡居民大病医疗保险"
        }
    }
}

/// Person type (人员类别) as far as benefits depend on it.
public enum PersonType: String, CaseIterable, Sendable, Codable {
    case inService = "in_service"
    case retired = "retired"

    public var label: String { self == .inService ? "在职" : "退休" }
}

/// National medical type codes (医疗类别, `med_type`) that the engine knows.
public enum MedicalType: String, CaseIterable, Sendable, Codable {
    case generalOutpatient = "11"
    case outpatientRegistration = "12"
    case emergency = "13"
    case chronicOutpatient = "14"
    case pharmacy = "41"
    case generalInpatient = "21"
    case maternityInpatient = "52"

    public var label: String {
        switch self {
        case .generalOutpatient: "普通门诊"
        case .outpatientRegistration: "门诊挂号"
        case .emergency: "急诊"
        case .chronicOutpatient: "门诊慢特病"
        case .pharmacy: "定点药店购药"
        case .generalInpatient: "普通住院"
        case .maternityInpatient: "生育住院"
        }
    }
}

/// Institution level (医疗机构等级, `medins_lv`) as policy packs distinguish it.
public enum InstitutionLevel: String, CaseIterable, Sendable, Codable {
    case community = "community"
    case level1 = "1"
    case level2 = "2"
    case level3 = "3"

    public var label: String {
        switch self {
        case .community: "社区医疗机构"
        case .level1: "一级医院"
        case .level2: "二级医院"
        case .level3: "三级医院"
        }
    }
}

/// Charge item level (收费项目等级, `chrgitm_lv`): 甲类 fully in scope, 乙类 partly, 丙类 self-paid.
public enum ChargeItemLevel: String, CaseIterable, Sendable, Codable {
    case classA = "01"
    case classB = "02"
    case classC = "03"

    public var label: String {
        switch self {
        case .classA: "甲类"
        case .classB: "乙类"
        case .classC: "丙类"
        }
    }
}

/// Insured status of an insurance row (参保状态).
public enum InsuranceStatus: String, CaseIterable, Sendable, Codable {
    case active = "active"
    case suspended = "suspended"
    case terminated = "terminated"

    public var label: String {
        switch self {
        case .active: "正常参保"
        case .suspended: "暂停参保"
        case .terminated: "终止参保"
        }
    }
}

/// A fund that pays part of a bill (基金类型), with the national output field it fills.
public enum Fund: String, CaseIterable, Sendable, Codable, Comparable {
    /// 基本医疗保险统筹基金 → `hifp_pay`
    case hifp
    /// 职工大额医疗费用补助基金 → `hifob_pay`
    case hifob
    /// 居民大病保险资金 → `hifmi_pay`
    case hifmi
    /// 公务员医疗补助资金 → `cvlserv_pay`
    case cvlserv

    public var label: String {
        switch self {
        case .hifp: "基本医疗保险统筹基金"
        case .hifob: "职工大额医疗费用补助基金"
        case .hifmi: "居民大病保险资金"
        case .cvlserv: "公务员医疗补助资金"
        }
    }

    /// National fund type code (基金支付类型) used in `setldetail`.
    public var nationalCode: String {
        switch self {
        case .hifp: "310100"
        case .hifob: "330100"
        case .hifmi: "390200"
        case .cvlserv: "320100"
        }
    }

    public static func < (a: Fund, b: Fund) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
