import GRDB
import YibaoCore
import YibaoPlatform

extension GRDBTransaction {
    static let personColumns = "SELECT id, psn_no, id_number, name, phone, created_on, password_hash FROM person"
    static let personById = personColumns + " WHERE id = ?"
    static let personByPsnNo = personColumns + " WHERE psn_no = ?"
    static let personByIdNumber = personColumns + " WHERE id_number = ?"
    static let personPage = personColumns + " ORDER BY id LIMIT ? OFFSET ?"

    func personRow(_ r: SQLiteRow) -> PersonRecord {
        PersonRecord(id: r.int64(0), psnNo: r.text(1), idNumber: r.text(2), name: r.text(3), phone: r.optionalText(4),
            createdOn: r.date(5), passwordHash: r.optionalText(6))
    }

    func person(id: Int64) throws -> PersonRecord? {
        try queryOne(Self.personById, [.int(id)], personRow)
    }

    func person(psnNo: String) throws -> PersonRecord? {
        try queryOne(Self.personByPsnNo, [.text(psnNo)], personRow)
    }

    func person(idNumber: String) throws -> PersonRecord? {
        try queryOne(Self.personByIdNumber, [.text(idNumber)], personRow)
    }

    func persons(limit: Int, offset: Int) throws -> [PersonRecord] {
        try queryAll(Self.personPage, [.int(Int64(limit)), .int(Int64(offset))], personRow)
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

    static let insuranceColumns = "SELECT id, person_id, insutype, region, employer, start_date FROM insurance"
    static let insurancesOfPerson = insuranceColumns + " WHERE person_id = ? ORDER BY id"
    static let insuranceById = insuranceColumns + " WHERE id = ?"

    func insuranceRow(_ r: SQLiteRow) -> InsuranceRecord {
        InsuranceRecord(id: r.int64(0), personId: r.int64(1), insuranceType: InsuranceType(rawValue: r.text(2)) ?? .employeeBasic,
            region: r.text(3), employer: r.optionalText(4), startDate: r.date(5))
    }

    func insurances(personId: Int64) throws -> [InsuranceRecord] {
        try queryAll(Self.insurancesOfPerson, [.int(personId)], insuranceRow)
    }

    func insurance(id: Int64) throws -> InsuranceRecord? {
        try queryOne(Self.insuranceById, [.int(id)], insuranceRow)
    }

    func insurances(region: String?, afterId: Int64, limit: Int) throws -> [InsuranceRecord] {
        if let region {
            return try queryAll("\(Self.insuranceColumns) WHERE region = ? AND id > ? ORDER BY id LIMIT ?",
                [.text(region), .int(afterId), .int(Int64(limit))], insuranceRow)
        }
        return try queryAll("\(Self.insuranceColumns) WHERE id > ? ORDER BY id LIMIT ?", [.int(afterId), .int(Int64(limit))],
            insuranceRow)
    }

    func insert(_ i: InsuranceRecord) throws -> Int64 {
        try insertRow("INSERT INTO insurance (person_id, insutype, region, employer, start_date) VALUES (?, ?, ?, ?, ?)",
            [i.personId, i.insuranceType.rawValue, i.region, i.employer, i.startDate.description])
    }

    func versions(insuranceId: Int64) throws -> [InsuranceVersion] {
        try queryAll(Self.versionsOfInsurance, [.int(insuranceId)]) { r in
            InsuranceVersion(id: r.int64(0), insuranceId: r.int64(1), effectiveFrom: r.date(2), tier: r.optionalText(3),
                personType: PersonType(rawValue: r.text(4)) ?? .inService, baseFen: r.fen(5),
                status: InsuranceStatus(rawValue: r.text(6)) ?? .active, reason: r.text(7), recordedOn: r.date(8))
        }
    }

    static let versionsOfInsurance = """
        SELECT id, insurance_id, effective_from, tier, person_type, base_fen, status, reason, recorded_on
        FROM insurance_version WHERE insurance_id = ? ORDER BY effective_from, id
        """

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

    func grantRow(_ r: SQLiteRow) -> FamilyGrantRecord {
        FamilyGrantRecord(id: r.int64(0), holderPersonId: r.int64(1), relativePersonId: r.int64(2), relation: r.text(3),
            grantedOn: r.date(4), revokedOn: r.optionalDate(5))
    }

    static let grantSelect = """
        SELECT g.id, g.holder_person_id, g.relative_person_id, g.relation, g.granted_on, r.revoked_on
        FROM family_grant g LEFT JOIN family_grant_revocation r ON r.grant_id = g.id
        """
    static let grantsOfHolder = grantSelect + " WHERE g.holder_person_id = ? ORDER BY g.id"
    static let grantsOfRelative = grantSelect + " WHERE g.relative_person_id = ? ORDER BY g.id"

    func grants(holderPersonId: Int64) throws -> [FamilyGrantRecord] {
        try queryAll(Self.grantsOfHolder, [.int(holderPersonId)], grantRow)
    }

    func grants(relativePersonId: Int64) throws -> [FamilyGrantRecord] {
        try queryAll(Self.grantsOfRelative, [.int(relativePersonId)], grantRow)
    }

    func grant(id: Int64) throws -> FamilyGrantRecord? {
        try queryOne(Self.grantSelect + " WHERE g.id = ?", [.int(id)], grantRow)
    }

    func insert(_ g: FamilyGrantRecord) throws -> Int64 {
        try insertRow("INSERT INTO family_grant (holder_person_id, relative_person_id, relation, granted_on) VALUES (?, ?, ?, ?)",
            [g.holderPersonId, g.relativePersonId, g.relation, g.grantedOn.description])
    }

    func revokeGrant(id: Int64, on date: CalendarDate) throws {
        _ = try insertRow("INSERT INTO family_grant_revocation (grant_id, revoked_on) VALUES (?, ?)", [id, date.description])
    }
}
