import YibaoCore
import YibaoPolicy

/// Settles bills under the policy pack of the insured person's pooling region and year.
///
/// Pure: no I/O, no clock. Built once from a catalog, it indexes every scheme so that settling a bill
/// is a dictionary lookup and a few loops. It never falls back to another region or year: a bill the
/// pack cannot settle is refused with an error naming the region, year and missing part.
public struct SettlementEngine: Sendable {
    struct SchemeKey: Hashable, Sendable {
        let region: String
        let year: Int
        let insuranceType: InsuranceType
        let tier: String?
    }

    /// A scheme with everything a settlement needs resolved up front. A class, so that a settlement
    /// touches one reference instead of copying a pack's many arrays and strings.
    final class CompiledScheme: Sendable {
        let region: String
        let year: Int
        let regionName: String
        let label: String
        let hasPersonalAccount: Bool
        let classBSelfPayShare: Bps?
        let accountMayPayOutOfScope: Bool
        let longTermReduction: Bps?
        let temporaryReferredReduction: Bps?
        let temporaryOtherReduction: Bps?
        let benefits: [CompiledBenefit]

        init(pack: PolicyPack, scheme: Scheme, accountMayPayOutOfScope: Bool) {
            region = pack.region
            year = pack.year
            regionName = pack.regionName
            label = scheme.label
            hasPersonalAccount = scheme.hasPersonalAccount
            classBSelfPayShare = scheme.classBSelfPayShare?.ratioBps
            self.accountMayPayOutOfScope = accountMayPayOutOfScope
            longTermReduction = pack.offsite?.longTermReductionBps
            temporaryReferredReduction = pack.offsite?.temporaryReferredReductionBps
            temporaryOtherReduction = pack.offsite?.temporaryOtherReductionBps
            let gaps = pack.gaps(for: scheme.id)
            benefits = scheme.benefits.map { b in
                CompiledBenefit(b, capGapNote: gaps.first { $0.part == "\(b.kind.rawValue).caps" }?.note)
            }
        }

        func benefit(for type: MedicalType) -> CompiledBenefit? {
            for b in benefits where b.medicalTypes.contains(type) { return b }
            return nil
        }
    }

    /// One benefit's rules, flattened for the settlement loop.
    final class CompiledBenefit: Sendable {
        let kind: Benefit.Kind
        let medicalTypes: [MedicalType]
        let levels: [InstitutionLevel]?
        let deductibleBasis: DeductibleBasis
        let deductibles: [DeductibleRule]
        let bands: [Band]
        let bonuses: [RatioBonus]
        let caps: [FundCap]
        /// Funds that pay a band of this benefit, in the fixed order of `Fund.allCases`.
        let funds: [Fund]
        let capGapNote: String?

        init(_ b: Benefit, capGapNote: String?) {
            kind = b.kind
            medicalTypes = b.medicalTypes
            levels = b.levels
            deductibleBasis = b.deductibleBasis
            deductibles = b.deductibles
            bands = b.bands
            bonuses = b.bonuses
            caps = b.caps
            funds = Fund.allCases.filter { f in b.bands.contains { $0.fund == f } }
            self.capGapNote = capGapNote
        }
    }

    let catalog: PolicyCatalog
    let regions: RegionTable?
    let schemes: [SchemeKey: CompiledScheme]
    let tiered: Set<SchemeKey>

    public init(catalog: PolicyCatalog, regions: RegionTable? = nil) {
        self.catalog = catalog
        self.regions = regions
        var schemes: [SchemeKey: CompiledScheme] = [:]
        var tiered: Set<SchemeKey> = []
        for pack in catalog.packs where !pack.isNational {
            let mayPayOutOfScope = catalog.accountUse(for: pack)?.mayPayOutOfScope ?? false
            for scheme in pack.schemes {
                let compiled = CompiledScheme(pack: pack, scheme: scheme, accountMayPayOutOfScope: mayPayOutOfScope)
                schemes[SchemeKey(region: pack.region, year: pack.year, insuranceType: scheme.insuranceType,
                    tier: scheme.tier)] = compiled
                if scheme.tier != nil {
                    tiered.insert(SchemeKey(region: pack.region, year: pack.year, insuranceType: scheme.insuranceType, tier: nil))
                }
            }
        }
        self.schemes = schemes
        self.tiered = tiered
    }

    /// Settles a bill; the fast path, with no explanation.
    public func settle(_ bill: Bill) throws(SettlementError) -> Settlement {
        var trace = NoTrace()
        return try settle(bill, trace: &trace)
    }

    /// Settles a bill and returns the steps taken, for an explanation. The figures are those of `settle`.
    public func settleExplained(_ bill: Bill) throws(SettlementError) -> (Settlement, [SettlementStep]) {
        var recorder = StepRecorder()
        let result = try settle(bill, trace: &recorder)
        return (result, recorder.steps)
    }

    func compiledScheme(for bill: Bill) throws(SettlementError) -> CompiledScheme {
        let key = SchemeKey(region: bill.insuredRegion, year: bill.date.year, insuranceType: bill.insuranceType,
            tier: bill.tier)
        if let found = schemes[key] { return found }
        let untiered = SchemeKey(region: key.region, year: key.year, insuranceType: key.insuranceType, tier: nil)
        if bill.tier == nil, !tiered.contains(untiered) {
            // A pack whose only scheme of this type has a tier: that scheme, unambiguously.
            let matches = schemes.filter { $0.key.region == key.region && $0.key.year == key.year
                && $0.key.insuranceType == key.insuranceType }
            if matches.count == 1, let only = matches.first { return only.value }
        }
        do {
            _ = try catalog.pack(region: bill.insuredRegion, year: bill.date.year)
        } catch {
            switch error {
            case .noPackForRegion(let r): throw .regionMissing(region: r)
            case .noPackForYear(let r, let y, let a): throw .yearMissing(region: r, year: y, available: a)
            }
        }
        throw .schemeMissing(region: bill.insuredRegion, year: bill.date.year,
            insuranceType: bill.insuranceType.rawValue, tier: bill.tier)
    }

    public func settle<T: SettlementTrace>(_ bill: Bill, trace: inout T) throws(SettlementError) -> Settlement {
        let compiled = try compiledScheme(for: bill)
        guard let benefit = compiled.benefit(for: bill.medicalType) else {
            throw .benefitMissing(region: compiled.region, year: compiled.year, scheme: compiled.label,
                medicalType: bill.medicalType.rawValue)
        }
        if let levels = benefit.levels, !levels.contains(bill.institutionLevel) {
            throw .levelNotCovered(region: compiled.region, year: compiled.year,
                benefit: "\(compiled.label)\(benefit.kind.label)", level: bill.institutionLevel.rawValue)
        }
        let reduction = try offsiteReduction(bill, compiled: compiled)
        trace.record(.context(regionName: compiled.regionName, region: compiled.region, year: compiled.year,
            scheme: compiled.label, benefit: benefit.kind))

        var result = Settlement()
        try splitItems(bill, compiled: compiled, into: &result, trace: &trace)
        let isOutpatient = benefit.kind == .outpatient
        let cumulativeBefore = isOutpatient ? bill.yearToDate.outpatientInScopeCumulativeFen : bill.yearToDate.inScopeCumulativeFen
        result.deductibleFen = deductible(bill, benefit: benefit, inScope: result.inScopeFen, trace: &trace)
        payBands(bill, benefit: benefit, cumulativeBefore: cumulativeBefore, reduction: reduction,
            into: &result, trace: &trace)
        result.fundTotalFen = result.pooledFundFen + result.largeSumFundFen + result.criticalIllnessFundFen
            + result.civilServantFundFen
        result.poolRatioSelfPayFen = result.inScopeFen - result.deductibleFen - result.fundTotalFen
        result.personPartFen = result.medicalFeeTotalFen - result.fundTotalFen
        payPersonPart(bill, mayPayOutOfScope: compiled.accountMayPayOutOfScope,
            hasPersonalAccount: compiled.hasPersonalAccount, into: &result, trace: &trace)
        result.yearToDate = advance(bill.yearToDate, by: result, benefit: benefit.kind)
        precondition(result.checkInvariants(), "settlement parts do not add up")
        return result
    }

    func offsiteReduction(_ bill: Bill, compiled: CompiledScheme) throws(SettlementError) -> Bps {
        let treatedElsewhere = poolingCode(bill.treatmentRegion) != bill.insuredRegion
        if bill.offsite != .none, !treatedElsewhere {
            throw .invalidValue(field: "offsite", value: "\(bill.offsite.rawValue)（就医地与参保地相同，不是异地就医）")
        }
        switch bill.offsite {
        case .none:
            if treatedElsewhere {
                throw .invalidValue(field: "offsite", value: "none（就医地 \(bill.treatmentRegion) 与参保地不同，须注明异地就医备案类别）")
            }
            return .zero
        case .longTerm:
            // National rule: long-term residents filed elsewhere keep the home scheme's ratios.
            return compiled.longTermReduction ?? .zero
        case .temporaryReferred:
            guard let r = compiled.temporaryReferredReduction else {
                throw .offsiteRuleMissing(region: compiled.region, year: compiled.year, status: bill.offsite.rawValue)
            }
            return r
        case .temporaryOther:
            guard let r = compiled.temporaryOtherReduction else {
                throw .offsiteRuleMissing(region: compiled.region, year: compiled.year, status: bill.offsite.rawValue)
            }
            return r
        }
    }

    func poolingCode(_ code: String) -> String {
        guard let regions, let pooling = regions.poolingRegion(of: code) else { return code }
        return pooling.code
    }
}
