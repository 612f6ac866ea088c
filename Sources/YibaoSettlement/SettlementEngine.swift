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

    /// A scheme with everything a settlement needs resolved up front.
    struct CompiledScheme: Sendable {
        let pack: PolicyPack
        let scheme: Scheme
        let accountMayPayOutOfScope: Bool
        let capGapNotes: [Benefit.Kind: String]
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
                var notes: [Benefit.Kind: String] = [:]
                for kind in Benefit.Kind.allCases {
                    if let gap = pack.gaps(for: scheme.id).first(where: { $0.part == "\(kind.rawValue).caps" }) {
                        notes[kind] = gap.note
                    }
                }
                let compiled = CompiledScheme(pack: pack, scheme: scheme, accountMayPayOutOfScope: mayPayOutOfScope,
                    capGapNotes: notes)
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
        let pack = compiled.pack
        guard let benefit = compiled.scheme.benefit(for: bill.medicalType) else {
            throw .benefitMissing(region: pack.region, year: pack.year, scheme: compiled.scheme.label,
                medicalType: bill.medicalType.rawValue)
        }
        if let levels = benefit.levels, !levels.contains(bill.institutionLevel) {
            throw .levelNotCovered(region: pack.region, year: pack.year, benefit: "\(compiled.scheme.label)\(benefit.kind.label)",
                level: bill.institutionLevel.rawValue)
        }
        let reduction = try offsiteReduction(bill, pack: pack)
        trace.record(.context(regionName: pack.regionName, region: pack.region, year: pack.year,
            scheme: compiled.scheme.label, benefit: benefit.kind))

        var result = Settlement()
        try splitItems(bill, scheme: compiled.scheme, pack: pack, into: &result, trace: &trace)
        let isOutpatient = benefit.kind == .outpatient
        let cumulativeBefore = isOutpatient ? bill.yearToDate.outpatientInScopeCumulativeFen : bill.yearToDate.inScopeCumulativeFen
        result.deductibleFen = deductible(bill, benefit: benefit, inScope: result.inScopeFen, trace: &trace)
        payBands(bill, benefit: benefit, compiled: compiled, cumulativeBefore: cumulativeBefore, reduction: reduction,
            into: &result, trace: &trace)
        result.fundTotalFen = result.pooledFundFen + result.largeSumFundFen + result.criticalIllnessFundFen
            + result.civilServantFundFen
        result.poolRatioSelfPayFen = result.inScopeFen - result.deductibleFen - result.fundTotalFen
        result.personPartFen = result.medicalFeeTotalFen - result.fundTotalFen
        payPersonPart(bill, mayPayOutOfScope: compiled.accountMayPayOutOfScope, into: &result, trace: &trace)
        result.yearToDate = advance(bill.yearToDate, by: result, benefit: benefit.kind)
        precondition(result.checkInvariants(), "settlement parts do not add up")
        return result
    }

    func offsiteReduction(_ bill: Bill, pack: PolicyPack) throws(SettlementError) -> Bps {
        let treatedElsewhere = poolingCode(bill.treatmentRegion) != bill.insuredRegion
        switch bill.offsite {
        case .none:
            if treatedElsewhere {
                throw .invalidValue(field: "offsite", value: "none（就医地 \(bill.treatmentRegion) 与参保地不同，须注明异地就医备案类别）")
            }
            return .zero
        case .longTerm:
            // National rule: long-term residents filed elsewhere keep the home scheme's ratios.
            return pack.offsite?.longTermReductionBps ?? .zero
        case .temporaryReferred:
            guard let r = pack.offsite?.temporaryReferredReductionBps else {
                throw .offsiteRuleMissing(region: pack.region, year: pack.year, status: bill.offsite.rawValue)
            }
            return r
        case .temporaryOther:
            guard let r = pack.offsite?.temporaryOtherReductionBps else {
                throw .offsiteRuleMissing(region: pack.region, year: pack.year, status: bill.offsite.rawValue)
            }
            return r
        }
    }

    func poolingCode(_ code: String) -> String {
        guard let regions, let pooling = regions.poolingRegion(of: code) else { return code }
        return pooling.code
    }
}
