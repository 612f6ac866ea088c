import YibaoCore
import YibaoSettlement

/// Person information as an institution sees it (national 1101): identity masked, insurance rows, balance.
public struct InstitutionPersonInfo: Codable, Sendable, Hashable {
    public struct BaseInfo: Codable, Sendable, Hashable {
        public let psn_no: String
        public let certno: String
        public let psn_name: String
        public let gend: String
        public let brdy: String
        public let age: Int
    }

    public struct InsuInfo: Codable, Sendable, Hashable {
        public let insutype: String
        public let psn_type: String
        public let psn_insu_stas: String
        public let psn_insu_date: String
        public let insuplc_admdvs: String
        public let tier: String?
        /// Personal-account balance in yuan ("0.00" when the scheme keeps no account).
        public let balc: String
    }

    public let baseinfo: BaseInfo
    public let insuinfo: [InsuInfo]
}

/// Year-to-date accumulators of a person (national 5206), yuan strings.
public struct CumulativeInfo: Codable, Sendable, Hashable {
    public let psn_no: String
    public let year: Int
    public let cum: Accumulators

    /// The same fields as the settlement output's `ytd`.
    public struct Accumulators: Codable, Sendable, Hashable {
        public let inscp_cum, hifp_paid, hifob_paid, hifmi_paid, cvlserv_paid, deductible_paid: String
        public let admissions: Int
        public let outpatient_inscp_cum, outpatient_hifp_paid, outpatient_deductible_paid: String
    }
}

extension Platform {
    /// National 1101: the person with ID number and name masked, insurance rows and the account balance.
    public func institutionPersonInfo(_ query: String) throws -> InstitutionPersonInfo {
        let today = try today()
        return try store.read { tx in
            let p = try person(query, in: tx)
            let id = try IDNumber(p.idNumber)
            let rows = try histories(personId: p.id ?? 0, in: tx).map { h -> InstitutionPersonInfo.InsuInfo in
                let state = h.state(on: today) ?? h.current
                let account = try tx.account(kind: .personal, region: h.insurance.region, ownerPersonId: p.id)
                return InstitutionPersonInfo.InsuInfo(insutype: h.insurance.insuranceType.rawValue,
                    psn_type: state?.personType.rawValue ?? "", psn_insu_stas: state?.status.rawValue ?? "",
                    psn_insu_date: h.insurance.startDate.description, insuplc_admdvs: h.insurance.region, tier: state?.tier,
                    balc: (account?.balanceFen ?? .zero).description)
            }
            return InstitutionPersonInfo(
                baseinfo: .init(psn_no: p.psnNo, certno: id.maskedText, psn_name: Platform.maskName(p.name), gend: id.sex == .male ? "1" : "2",
                    brdy: id.birthDate.description, age: id.age(on: today)),
                insuinfo: rows)
        }
    }

    /// National 5206: the person's accumulators for a year (settlements and reversals summed).
    public func cumulative(person query: String, year: Int?) throws -> CumulativeInfo {
        let y = try year ?? today().year
        guard (2000...2100).contains(y) else { throw PlatformError.dateInvalid(String(y)) }
        return try store.read { tx in
            let p = try person(query, in: tx)
            let t = try yearToDate(personId: p.id ?? 0, year: y, in: tx)
            return CumulativeInfo(psn_no: p.psnNo, year: y, cum: CumulativeInfo.Accumulators(
                inscp_cum: t.inScopeCumulativeFen.description, hifp_paid: t.pooledPaidFen.description,
                hifob_paid: t.largeSumPaidFen.description, hifmi_paid: t.criticalIllnessPaidFen.description,
                cvlserv_paid: t.civilServantPaidFen.description, deductible_paid: t.deductiblePaidFen.description,
                admissions: t.admissions, outpatient_inscp_cum: t.outpatientInScopeCumulativeFen.description,
                outpatient_hifp_paid: t.outpatientPooledPaidFen.description,
                outpatient_deductible_paid: t.outpatientDeductiblePaidFen.description))
        }
    }

    /// The active grant the holder gave, by its id: a person can revoke only their own grants.
    public func revokeFamily(holder: String, grantId: Int64, key: String) throws -> FamilyGrantView {
        let relative = try store.read { tx -> String in
            let h = try person(holder, in: tx)
            guard let g = try tx.grant(id: grantId), g.holderPersonId == h.id, g.revokedOn == nil,
                let r = try tx.person(id: g.relativePersonId)
            else { throw PlatformError.grantNotFound }
            return r.psnNo
        }
        return try revokeFamily(holder: holder, relative: relative, key: key)
    }
}
