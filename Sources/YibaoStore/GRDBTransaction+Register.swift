import GRDB
import YibaoCore
import YibaoPlatform

extension GRDBTransaction {
    func personRow(_ r: Row) -> PersonRecord {
        PersonRecord(id: r["id"], psnNo: r["psn_no"], idNumber: r["id_number"], name: r["name"], phone: r["phone"],
            createdOn: date(r, "created_on"), passwordHash: r["password_hash"])
    }

    func person(id: Int64) throws -> PersonRecord? {
        try fetchOne("SELECT * FROM person WHERE id = ?", [id], personRow)
    }

    func person(psnNo: String) throws -> PersonRecord? {
        try fetchOne("SELECT * FROM person WHERE psn_no = ?", [psnNo], personRow)
    }

    func person(idNumber: String) throws -> PersonRecord? {
        try fetchOne("SELECT * FROM person WHERE id_number = ?", [idNumber], personRow)
    }

    func persons(limit: Int, offset: Int) throws -> [PersonRecord] {
        try fetchAll("SELECT * FROM person ORDER BY id LIMIT ? OFFSET ?", [limit, offset], personRow)
    }

    func personCount() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM person")) ?? 0
    }

    func insert(_ p: PersonRecord) throws -> Int64 {
        try insertRow(
            "INSERT INTO person (psn_no, id_number, name, phone, created_on, password_hash) VALUES (?, ?, ?, ?, ?, ?)",
            [p.psnNo, p.idNumber, p.name, p.phone, p.createdOn.description, p.passwordHash])
    }

    func setPasswordHash(personId: Int64, hash: String) throws {
        try db.cachedStatement(sql: "UPDATE person SET password_hash = ? WHERE id = ?").execute(arguments: [hash, personId])
    }

    func insuranceRow(_ r: Row) -> InsuranceRecord {
        InsuranceRecord(id: r["id"], personId: r["person_id"],
            insuranceType: InsuranceType(rawValue: r["insutype"]) ?? .employeeBasic, region: r["region"],
            employer: r["employer"], startDate: date(r, "start_date"))
    }

    func insurances(personId: Int64) throws -> [InsuranceRecord] {
        try fetchAll("SELECT * FROM insurance WHERE person_id = ? ORDER BY id", [personId], insuranceRow)
    }

    func insurance(id: Int64) throws -> InsuranceRecord? {
        try fetchOne("SELECT * FROM insurance WHERE id = ?", [id], insuranceRow)
    }

    func insurances(region: String?, afterId: Int64, limit: Int) throws -> [InsuranceRecord] {
        if let region {
            return try fetchAll("SELECT * FROM insurance WHERE region = ? AND id > ? ORDER BY id LIMIT ?",
                [region, afterId, limit], insuranceRow)
        }
        return try fetchAll("SELECT * FROM insurance WHERE id > ? ORDER BY id LIMIT ?", [afterId, limit], insuranceRow)
    }

    func insert(_ i: InsuranceRecord) throws -> Int64 {
        try insertRow("INSERT INTO insurance (person_id, insutype, region, employer, start_date) VALUES (?, ?, ?, ?, ?)",
            [i.personId, i.insuranceType.rawValue, i.region, i.employer, i.startDate.description])
    }

    func versions(insuranceId: Int64) throws -> [InsuranceVersion] {
        try fetchAll("SELECT * FROM insurance_version WHERE insurance_id = ? ORDER BY effective_from, id", [insuranceId]) { r in
            InsuranceVersion(id: r["id"], insuranceId: r["insurance_id"], effectiveFrom: date(r, "effective_from"),
                tier: r["tier"], personType: PersonType(rawValue: r["person_type"]) ?? .inService,
                baseFen: fen(r, "base_fen"), status: InsuranceStatus(rawValue: r["status"]) ?? .active, reason: r["reason"],
                recordedOn: date(r, "recorded_on"))
        }
    }

    func insert(_ v: InsuranceVersion) throws -> Int64 {
        try insertRow(
            """
            INSERT INTO insurance_version (insurance_id, effective_from, tier, person_type, base_fen, status, reason, recorded_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [v.insuranceId, v.effectiveFrom.description, v.tier, v.personType.rawValue, v.baseFen.value, v.status.rawValue,
                v.reason, v.recordedOn.description])
    }

    func contributions(insuranceId: Int64) throws -> [ContributionRecord] {
        try fetchAll("SELECT * FROM contribution WHERE insurance_id = ? ORDER BY month", [insuranceId]) { r in
            ContributionRecord(id: r["id"], insuranceId: r["insurance_id"], month: r["month"],
                kind: ContributionKind(rawValue: r["kind"]) ?? .monthly, baseFen: fen(r, "base_fen"),
                employerFen: fen(r, "employer_fen"), employeeFen: fen(r, "employee_fen"), paidOn: date(r, "paid_on"),
                transferId: r["transfer_id"])
        }
    }

    func insert(_ c: ContributionRecord) throws -> Int64 {
        try insertRow(
            """
            INSERT INTO contribution (insurance_id, month, kind, base_fen, employer_fen, employee_fen, paid_on, transfer_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [c.insuranceId, c.month, c.kind.rawValue, c.baseFen.value, c.employerFen.value, c.employeeFen.value,
                c.paidOn.description, c.transferId])
    }

    func grantRow(_ r: Row) -> FamilyGrantRecord {
        FamilyGrantRecord(id: r["id"], holderPersonId: r["holder_person_id"], relativePersonId: r["relative_person_id"],
            relation: r["relation"], grantedOn: date(r, "granted_on"), revokedOn: optionalDate(r, "revoked_on"))
    }

    static let grantSelect = """
        SELECT g.*, r.revoked_on FROM family_grant g LEFT JOIN family_grant_revocation r ON r.grant_id = g.id
        """

    func grants(holderPersonId: Int64) throws -> [FamilyGrantRecord] {
        try fetchAll("\(Self.grantSelect) WHERE g.holder_person_id = ? ORDER BY g.id", [holderPersonId], grantRow)
    }

    func grants(relativePersonId: Int64) throws -> [FamilyGrantRecord] {
        try fetchAll("\(Self.grantSelect) WHERE g.relative_person_id = ? ORDER BY g.id", [relativePersonId], grantRow)
    }

    func grant(id: Int64) throws -> FamilyGrantRecord? {
        try fetchOne("\(Self.grantSelect) WHERE g.id = ?", [id], grantRow)
    }

    func insert(_ g: FamilyGrantRecord) throws -> Int64 {
        try insertRow("INSERT INTO family_grant (holder_person_id, relative_person_id, relation, granted_on) VALUES (?, ?, ?, ?)",
            [g.holderPersonId, g.relativePersonId, g.relation, g.grantedOn.description])
    }

    func revokeGrant(id: Int64, on date: CalendarDate) throws {
        _ = try insertRow("INSERT INTO family_grant_revocation (grant_id, revoked_on) VALUES (?, ?)", [id, date.description])
    }
}
