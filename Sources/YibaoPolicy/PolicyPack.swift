import YibaoCore

/// How far a figure can be trusted, as the pack file declares it.
public enum Confidence: String, Sendable, Codable, CaseIterable {
    /// Read on a government site or release.
    case official
    /// From news or a repost that quotes a named document.
    case reported
    /// From a low-trust aggregator or Q&A page; kept so that the product can answer, marked as such.
    case placeholder

    public var label: String {
        switch self {
        case .official: "官方"
        case .reported: "转载报道"
        case .placeholder: "待核实"
        }
    }
}

/// Where a group of figures comes from: a key into the pack's `[sources]` and a confidence.
public struct Provenance: Sendable, Hashable, Codable {
    public let source: String
    public let confidence: Confidence
}

/// One source document named by a pack.
public struct PolicySource: Sendable, Hashable, Codable {
    public let key: String
    public let title: String
    public let url: String
    public let date: String?
}

/// A figure or rule the pack knowingly does not have. Never filled with another region's figure.
public struct DeclaredGap: Sendable, Hashable, Codable {
    /// Dotted part name, e.g. `inpatient.caps` or `crediting.retired`.
    public let part: String
    /// Scheme id the gap applies to, or nil for the whole pack.
    public let scheme: String?
    /// Chinese note for people: what is missing and what is known about it.
    public let note: String
}

/// The parameters of one pooling region (统筹区) for one calendar year, as read from its TOML file.
public struct PolicyPack: Sendable, Encodable {
    /// Region code of the pooling region, or "000000" for the national-defaults pack.
    public let region: String
    public let regionName: String
    public let year: Int
    public let sources: [String: PolicySource]
    public let gaps: [DeclaredGap]
    /// Schemes by id (e.g. `employee_1`, `residents`), in file order.
    public let schemes: [Scheme]
    public let family: FamilyRules?
    public let accountUse: AccountUseRules?
    public let offsite: OffsiteRules?
    public let waiting: WaitingRules?
    /// File the pack was read from, for messages.
    public let fileName: String

    public static let nationalRegion = "000000"
    public var isNational: Bool { region == PolicyPack.nationalRegion }

    /// The scheme for an insurance type and tier. A pack with tiers for a type needs the tier.
    public func scheme(insuranceType: InsuranceType, tier: String?) -> Scheme? {
        let candidates = schemes.filter { $0.insuranceType == insuranceType }
        if let tier { return candidates.first { $0.tier == tier } }
        return candidates.count == 1 ? candidates[0] : candidates.first { $0.tier == nil }
    }

    public func gaps(for schemeID: String?) -> [DeclaredGap] {
        gaps.filter { $0.scheme == nil || $0.scheme == schemeID }
    }
}

/// An insurance scheme of a region (险种 plus tier): 深圳职工一档, 深圳居民医保 …
public struct Scheme: Sendable, Encodable {
    public let id: String
    public let insuranceType: InsuranceType
    public let tier: String?
    public let label: String
    /// Whether the scheme keeps a personal account (职工一档 yes; 深圳二档 and 居民医保 no).
    public let hasPersonalAccount: Bool
    public let provenance: Provenance
    public let contributions: Contributions?
    public let crediting: Crediting?
    /// Benefits by kind (outpatient pooling, inpatient, chronic outpatient …).
    public let benefits: [Benefit]
    /// Default self-pay share of 乙类 items (乙类先行自付比例) where the pack knows it.
    public let classBSelfPayShare: SourcedRatio?

    public func benefit(for medicalType: MedicalType) -> Benefit? {
        benefits.first { $0.medicalTypes.contains(medicalType) }
    }
}

public struct SourcedRatio: Sendable, Hashable, Encodable {
    public let ratioBps: Bps
    public let provenance: Provenance
}

/// Contribution rates and base range (缴费比例与缴费基数).
public struct Contributions: Sendable, Encodable {
    public let employerRateBps: Bps?
    public let employeeRateBps: Bps?
    /// Flexible employment (灵活就业) pays both parts itself at this rate.
    public let flexibleRateBps: Bps?
    public let baseMinFen: Fen?
    public let baseMaxFen: Fen?
    /// Residents' scheme: the individual's annual contribution and the government subsidy.
    public let residentsAnnualFen: Fen?
    public let residentsSubsidyFen: Fen?
    public let provenance: Provenance
}

/// Monthly crediting (划入) of the personal account.
public struct Crediting: Sendable, Encodable {
    /// In service: a share of the month's paid contribution base.
    public let inService: InServiceCredit?
    public let retired: RetiredCredit?
}

public struct InServiceCredit: Sendable, Encodable {
    public let shareOfBaseBps: Bps
    public let provenance: Provenance
}

public struct RetiredCredit: Sendable, Encodable {
    public enum Rule: Sendable, Encodable {
        /// A fixed amount per period by age band: first band whose `minAge` ≤ age, from the highest.
        case fixed(bands: [AgeBandAmount], period: Period)
        /// Depends on the person's own pension or frozen amount; the pack states the rule in words.
        case individual(note: String)
    }

    public enum Period: String, Sendable, Encodable { case month, year }

    public let rule: Rule
    /// Deductions from each credit (e.g. 广州 长护险 8.66/month).
    public let deductions: [Deduction]
    public let provenance: Provenance
}

public struct AgeBandAmount: Sendable, Hashable, Encodable {
    public let minAge: Int
    public let amountFen: Fen
}

public struct Deduction: Sendable, Hashable, Encodable {
    public let name: String
    public let monthlyFen: Fen
}

/// How a benefit's deductible (起付线) is counted.
public enum DeductibleBasis: String, Sendable, CaseIterable, Encodable {
    case none
    case perYear = "per_year"
    case perAdmission = "per_admission"
}

/// One benefit of a scheme: outpatient pooling (门诊统筹), inpatient (住院), …
public struct Benefit: Sendable, Encodable {
    public enum Kind: String, Sendable, CaseIterable, Encodable {
        case outpatient
        case inpatient
        case chronicOutpatient = "chronic_outpatient"

        public var label: String {
            switch self {
            case .outpatient: "普通门诊统筹"
            case .inpatient: "住院"
            case .chronicOutpatient: "门诊慢特病"
            }
        }
    }

    public let kind: Kind
    public let medicalTypes: [MedicalType]
    /// Institution levels the pack has figures for; nil = all. A bill at another level is refused,
    /// because the pack does not know its ratios (a declared gap, not a zero).
    public let levels: [InstitutionLevel]?
    public let deductibleBasis: DeductibleBasis
    /// Deductible amounts; empty when the basis is `none`.
    public let deductibles: [DeductibleRule]
    public let deductibleProvenance: Provenance?
    /// Bands on the year's cumulative in-scope amount, ascending and contiguous from 0.
    public let bands: [Band]
    /// Points added to a band's ratio (e.g. 深圳 retirees +5 points), first match wins, capped at 100%.
    public let bonuses: [RatioBonus]
    public let provenance: Provenance
    /// Annual caps on what each fund pays for this benefit, by person type.
    public let caps: [FundCap]
    public let capsProvenance: Provenance?
}

/// Matching criteria shared by ratio, bonus, deductible and cap rules. Nil means "any".
public struct RuleMatch: Sendable, Hashable, Encodable {
    public let personType: PersonType?
    public let levels: [InstitutionLevel]?
    public let minAge: Int?
    public let maxAge: Int?

    public init(personType: PersonType? = nil, levels: [InstitutionLevel]? = nil, minAge: Int? = nil, maxAge: Int? = nil) {
        self.personType = personType
        self.levels = levels
        self.minAge = minAge
        self.maxAge = maxAge
    }

    public static let any = RuleMatch()

    @inlinable public func matches(_ personType: PersonType, _ level: InstitutionLevel, age: Int) -> Bool {
        if let p = self.personType, p != personType { return false }
        if let l = levels, !l.contains(level) { return false }
        if let a = minAge, age < a { return false }
        if let a = maxAge, age > a { return false }
        return true
    }
}

public struct DeductibleRule: Sendable, Hashable, Encodable {
    public let match: RuleMatch
    /// First admission of the year (or the annual amount for `per_year`).
    public let firstFen: Fen
    /// Each later admission of the year; nil = same as first.
    public let laterFen: Fen?
}

public struct Band: Sendable, Hashable, Encodable {
    /// Upper bound on the year's cumulative in-scope amount; nil for the last, open band.
    public let upToFen: Fen?
    public let fund: Fund
    public let ratios: [RatioRule]
}

public struct RatioRule: Sendable, Hashable, Encodable {
    public let match: RuleMatch
    public let ratioBps: Bps
}

public struct RatioBonus: Sendable, Hashable, Encodable {
    public let match: RuleMatch
    public let addBps: Bps
}

public struct FundCap: Sendable, Hashable, Encodable {
    public let fund: Fund
    public let match: RuleMatch
    public let amountFen: Fen
}

/// Who may share a holder's personal account (家庭共济).
public struct FamilyRules: Sendable, Encodable {
    public let relations: [Relation]
    public let provenance: Provenance
}

/// Near relatives as the 2024 widening names them.
public enum Relation: String, Sendable, CaseIterable, Codable {
    case spouse = "配偶"
    case parent = "父母"
    case child = "子女"
    case sibling = "兄弟姐妹"
    case paternalGrandparent = "祖父母"
    case maternalGrandparent = "外祖父母"
    case paternalGrandchild = "孙子女"
    case maternalGrandchild = "外孙子女"
}

/// What a personal account may pay in a settlement.
public struct AccountUseRules: Sendable, Encodable {
    /// Whether the account may also pay 全自费 and 超限价 amounts (nationally: no, only in-scope self-pay).
    public let mayPayOutOfScope: Bool
    public let provenance: Provenance
}

/// Ratio reductions for out-of-area care by filing status (异地就医).
public struct OffsiteRules: Sendable, Encodable {
    public let longTermReductionBps: Bps?
    public let temporaryReferredReductionBps: Bps?
    public let temporaryOtherReductionBps: Bps?
    /// For the national pack: the largest reduction a region may set.
    public let isCeiling: Bool
    public let provenance: Provenance
}

/// Waiting periods (待遇等待期) after late enrolment or a lapse.
public struct WaitingRules: Sendable, Encodable {
    /// Residents' scheme, national rule from 2025.
    public let residents: ResidentsWaiting?
    /// Employees after a lapse, where the region publishes it.
    public let employeeLapse: EmployeeLapseWaiting?
}

public struct ResidentsWaiting: Sendable, Encodable {
    public let fixedMonths: Int
    public let extraMonthsPerLapseYear: Int
    public let monthsRemovedPerBackPaidYear: Int
    /// After `longLapseYears` or more lapse years, the total stays at least `longLapseMinMonths`.
    public let longLapseYears: Int
    public let longLapseMinMonths: Int
    public let provenance: Provenance
}

public struct EmployeeLapseWaiting: Sendable, Encodable {
    /// Back-pay within this many months restores cover without a wait.
    public let graceMonths: Int
    /// Otherwise benefits start this many months after payment.
    public let waitMonths: Int
    public let provenance: Provenance
}
