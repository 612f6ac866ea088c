import YibaoCore
import YibaoPolicy

/// A 家庭共济 authorisation as shown to people: both sides named (masked where it is the other person).
public struct FamilyGrantView: Codable, Sendable, Hashable {
    public let id: Int64
    public let holderPsnNo: String
    public let holderName: String
    public let relativePsnNo: String
    public let relativeName: String
    public let relation: String
    public let grantedOn: CalendarDate
    public let revokedOn: CalendarDate?
    public var active: Bool { revokedOn == nil }
}

extension Platform {
    /// The holder authorises a relative to use the holder's personal account for the relative's own
    /// self-paid costs. Relations allowed are the region's (national default: all near relatives).
    public func grantFamily(holder: String, relative: String, relation: String, key: String) throws -> FamilyGrantView {
        let today = try today()
        struct Request: Codable { let holder, relative, relation: String }
        return try store.write { tx in
            try idempotent(key: key, operation: "family-grant", request: Request(holder: holder, relative: relative, relation: relation),
                in: tx) {
                let h = try person(holder, in: tx)
                let r = try person(relative, in: tx)
                guard h.id != r.id else { throw PlatformError.grantToSelf }
                let hIns = try insurance(of: h, type: nil, in: tx)
                guard try tx.account(kind: .personal, region: hIns.insurance.region, ownerPersonId: h.id) != nil else {
                    throw PlatformError.noPersonalAccount(h.psnNo)
                }
                let rIns = try histories(personId: r.id ?? 0, in: tx)
                guard rIns.contains(where: { $0.insurance.region == hIns.insurance.region }) else {
                    throw PlatformError.relativeInOtherRegion
                }
                let pack = try structurePack(region: hIns.insurance.region, around: today)
                let allowed = catalog.familyRules(for: pack)?.relations.map(\.rawValue) ?? Relation.allCases.map(\.rawValue)
                guard allowed.contains(relation) else { throw PlatformError.relationNotAllowed(relation) }
                if try tx.grants(holderPersonId: h.id ?? 0).contains(where: { $0.relativePersonId == r.id && $0.revokedOn == nil }) {
                    throw PlatformError.grantExists
                }
                var g = FamilyGrantRecord(holderPersonId: h.id ?? 0, relativePersonId: r.id ?? 0, relation: relation, grantedOn: today)
                g.id = try tx.insert(g)
                return FamilyGrantView(id: g.id ?? 0, holderPsnNo: h.psnNo, holderName: h.name, relativePsnNo: r.psnNo,
                    relativeName: r.name, relation: relation, grantedOn: today, revokedOn: nil)
            }
        }
    }

    /// Revokes the holder's active grant to a relative; it stops at once.
    public func revokeFamily(holder: String, relative: String, key: String) throws -> FamilyGrantView {
        let today = try today()
        struct Request: Codable { let holder, relative: String }
        return try store.write { tx in
            try idempotent(key: key, operation: "family-revoke", request: Request(holder: holder, relative: relative), in: tx) {
                let h = try person(holder, in: tx)
                let r = try person(relative, in: tx)
                guard let g = try tx.grants(holderPersonId: h.id ?? 0).first(where: { $0.relativePersonId == r.id && $0.revokedOn == nil })
                else { throw PlatformError.grantNotFound }
                try tx.revokeGrant(id: g.id ?? 0, on: today)
                return FamilyGrantView(id: g.id ?? 0, holderPsnNo: h.psnNo, holderName: h.name, relativePsnNo: r.psnNo,
                    relativeName: r.name, relation: g.relation, grantedOn: g.grantedOn, revokedOn: today)
            }
        }
    }

    /// Grants the person gave (as holder) and received (as relative).
    public func familyList(person query: String) throws -> [FamilyGrantView] {
        try store.read { tx in
            let p = try person(query, in: tx)
            let given = try tx.grants(holderPersonId: p.id ?? 0)
            let received = try tx.grants(relativePersonId: p.id ?? 0)
            return try (given + received).map { g in
                let h = try tx.person(id: g.holderPersonId)
                let r = try tx.person(id: g.relativePersonId)
                return FamilyGrantView(id: g.id ?? 0, holderPsnNo: h?.psnNo ?? "", holderName: h?.name ?? "",
                    relativePsnNo: r?.psnNo ?? "", relativeName: r?.name ?? "", relation: g.relation, grantedOn: g.grantedOn,
                    revokedOn: g.revokedOn)
            }
        }
    }
}
