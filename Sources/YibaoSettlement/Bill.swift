import YibaoCore

/// Out-of-area filing status of a bill (异地就医备案类别).
public enum OffsiteStatus: String, Sendable, Codable, CaseIterable {
    /// Treated in the home pooling region.
    case none
    /// Long-term residence elsewhere, filed (异地长期居住): home-scheme ratios.
    case longTerm = "long_term"
    /// Temporary trip, referred or emergency (转诊转院、急诊抢救).
    case temporaryReferred = "temporary_referred"
    /// Temporary trip otherwise (其他临时外出就医).
    case temporaryOther = "temporary_other"

    public var label: String {
        switch self {
        case .none: "本地就医"
        case .longTerm: "异地长期居住备案"
        case .temporaryReferred: "临时外出就医（转诊或急诊）"
        case .temporaryOther: "其他临时外出就医"
        }
    }
}

/// One line of a bill (费用明细), validated.
public struct BillItem: Sendable, Hashable {
    /// Detail serial number (`feedetl_sn`).
    public var serial: String
    /// Catalogue code (`med_list_codg`).
    public var catalogueCode: String
    /// Line total (`det_item_fee_sumamt`).
    public var amountFen: Fen
    /// 甲 / 乙 / 丙 (`chrgitm_lv`).
    public var level: ChargeItemLevel
    /// 乙类 self-pay share (`selfpay_prop`); nil = the pack's default share.
    public var selfPayShareBps: Bps?
    /// Unit price cap (`pric_uplmt_amt`); nil = no cap.
    public var unitPriceCapFen: Fen?
    /// Quantity (`cnt`) in ten-thousandths (1 = 10000), so that "0.5" stays exact.
    public var quantityE4: Int64

    public init(serial: String, catalogueCode: String = "", amountFen: Fen, level: ChargeItemLevel,
        selfPayShareBps: Bps? = nil, unitPriceCapFen: Fen? = nil, quantityE4: Int64 = 10_000)
    {
        self.serial = serial
        self.catalogueCode = catalogueCode
        self.amountFen = amountFen
        self.level = level
        self.selfPayShareBps = selfPayShareBps
        self.unitPriceCapFen = unitPriceCapFen
        self.quantityE4 = quantityE4
    }
}

/// The year-to-date accumulators (年度累计) a settlement reads and advances.
///
/// Fields without a prefix count inpatient care (and 门诊慢特病, which shares the inpatient
/// accumulators); `outpatient…` fields count outpatient pooling (普通门诊统筹). The large-sum fund
/// (`hifob`) has one accumulator for the year.
public struct YearToDate: Sendable, Hashable, Codable {
    public var inScopeCumulativeFen: Fen = .zero
    public var pooledPaidFen: Fen = .zero
    public var largeSumPaidFen: Fen = .zero
    public var criticalIllnessPaidFen: Fen = .zero
    public var civilServantPaidFen: Fen = .zero
    public var deductiblePaidFen: Fen = .zero
    public var admissions: Int = 0
    public var outpatientInScopeCumulativeFen: Fen = .zero
    public var outpatientPooledPaidFen: Fen = .zero
    public var outpatientDeductiblePaidFen: Fen = .zero

    public init() {}
}

/// A bill with its context, validated: what the engine settles.
public struct Bill: Sendable, Hashable {
    /// Insured person's pooling region (`insuplc_admdvs`), already resolved to a pooling region code.
    public var insuredRegion: String
    /// Region of treatment (`mdtrtarea_admvs`).
    public var treatmentRegion: String
    public var insuranceType: InsuranceType
    public var tier: String?
    public var personType: PersonType
    public var age: Int
    public var medicalType: MedicalType
    public var institutionLevel: InstitutionLevel
    public var date: CalendarDate
    /// Whether the personal account pays the person's part (`acct_used_flag` = "1").
    public var useAccount: Bool
    public var accountBalanceFen: Fen
    /// Balance of the relatives' accounts that authorised mutual aid (共济), available to this bill.
    public var mutualAidBalanceFen: Fen
    public var offsite: OffsiteStatus
    public var yearToDate: YearToDate
    public var items: [BillItem]

    public init(insuredRegion: String, treatmentRegion: String? = nil, insuranceType: InsuranceType, tier: String? = nil,
        personType: PersonType, age: Int, medicalType: MedicalType, institutionLevel: InstitutionLevel,
        date: CalendarDate, useAccount: Bool = false, accountBalanceFen: Fen = .zero,
        mutualAidBalanceFen: Fen = .zero, offsite: OffsiteStatus = .none, yearToDate: YearToDate = YearToDate(),
        items: [BillItem])
    {
        self.insuredRegion = insuredRegion
        self.treatmentRegion = treatmentRegion ?? insuredRegion
        self.insuranceType = insuranceType
        self.tier = tier
        self.personType = personType
        self.age = age
        self.medicalType = medicalType
        self.institutionLevel = institutionLevel
        self.date = date
        self.useAccount = useAccount
        self.accountBalanceFen = accountBalanceFen
        self.mutualAidBalanceFen = mutualAidBalanceFen
        self.offsite = offsite
        self.yearToDate = yearToDate
        self.items = items
    }

    /// At most this many items per bill (national upload batches are smaller; this bounds the work).
    public static let itemsMax = 1_000
    /// Largest amount any single input figure may carry: 99,999,999.99 yuan.
    public static let amountMax = Fen(9_999_999_999)
    /// Largest quantity of one item.
    public static let quantityMax: Int64 = 10_000 * 10_000
}
