import GRDB
import YibaoCore
import YibaoPlatform

extension GRDBTransaction {
    func settlementRow(_ r: Row) -> SettlementRecord {
        var d = YearToDateDelta()
        d.inScopeFen = fen(r, "d_inscp")
        d.pooledFen = fen(r, "d_hifp")
        d.largeSumFen = fen(r, "d_hifob")
        d.criticalIllnessFen = fen(r, "d_hifmi")
        d.civilServantFen = fen(r, "d_cvlserv")
        d.deductibleFen = fen(r, "d_dedc")
        d.admissions = r["d_admissions"]
        d.outpatientInScopeFen = fen(r, "d_op_inscp")
        d.outpatientPooledFen = fen(r, "d_op_hifp")
        d.outpatientDeductibleFen = fen(r, "d_op_dedc")
        return SettlementRecord(
            id: r["id"], setlId: r["setl_id"], personId: r["person_id"], insuranceId: r["insurance_id"], year: r["year"],
            medicalType: MedicalType(rawValue: r["med_type"]) ?? .generalOutpatient, reversesSetlId: r["reverses_setl_id"],
            medfeeFen: fen(r, "medfee_fen"), fundFen: fen(r, "fund_fen"), accountFen: fen(r, "account_fen"),
            mutualAidFen: fen(r, "mulaid_fen"), cashFen: fen(r, "cash_fen"), mutualAidHolderId: r["mulaid_holder_id"],
            ytdDelta: d, billJSON: r["bill_json"], resultJSON: r["result_json"], settledOn: date(r, "settled_on"))
    }

    func settlement(setlId: String) throws -> SettlementRecord? {
        try fetchOne("SELECT * FROM settlement WHERE setl_id = ?", [setlId], settlementRow)
    }

    func settlements(personId: Int64, year: Int?) throws -> [SettlementRecord] {
        if let year {
            return try fetchAll("SELECT * FROM settlement WHERE person_id = ? AND year = ? ORDER BY id", [personId, year],
                settlementRow)
        }
        return try fetchAll("SELECT * FROM settlement WHERE person_id = ? ORDER BY id", [personId], settlementRow)
    }

    func allSettlements(afterId: Int64, limit: Int) throws -> [SettlementRecord] {
        try fetchAll("SELECT * FROM settlement WHERE id > ? ORDER BY id LIMIT ?", [afterId, limit], settlementRow)
    }

    func settlementCount() throws -> Int {
        // MAX(id) rather than COUNT(*): settlement rows are never deleted, so they are equal, and MAX is one seek.
        try queryOne("SELECT COALESCE(MAX(id), 0) FROM settlement", []) { $0.int(0) } ?? 0
    }

    /// The sums of a person's settlement deltas for a year: read from the covering index
    /// `settlement_person_year_ytd` alone (migration v3), never from the settlement rows.
    static let yearToDateSQL = """
        SELECT COALESCE(SUM(d_inscp), 0), COALESCE(SUM(d_hifp), 0), COALESCE(SUM(d_hifob), 0), COALESCE(SUM(d_hifmi), 0),
        COALESCE(SUM(d_cvlserv), 0), COALESCE(SUM(d_dedc), 0), COALESCE(SUM(d_admissions), 0), COALESCE(SUM(d_op_inscp), 0),
        COALESCE(SUM(d_op_hifp), 0), COALESCE(SUM(d_op_dedc), 0) FROM settlement WHERE person_id = ? AND year = ?
        """

    func yearToDateDelta(personId: Int64, year: Int) throws -> YearToDateDelta {
        let delta = try queryOne(Self.yearToDateSQL, [.int(personId), .int(Int64(year))]) { r in
            var d = YearToDateDelta()
            d.inScopeFen = r.fen(0)
            d.pooledFen = r.fen(1)
            d.largeSumFen = r.fen(2)
            d.criticalIllnessFen = r.fen(3)
            d.civilServantFen = r.fen(4)
            d.deductibleFen = r.fen(5)
            d.admissions = r.int(6)
            d.outpatientInScopeFen = r.fen(7)
            d.outpatientPooledFen = r.fen(8)
            d.outpatientDeductibleFen = r.fen(9)
            return d
        }
        return delta ?? YearToDateDelta()
    }

    func insert(_ s: SettlementRecord) throws -> Int64 {
        let d = s.ytdDelta
        let values: [SQLiteArgument] = [
            .text(s.setlId), .int(s.personId), .int(s.insuranceId), .int(Int64(s.year)), .text(s.medicalType.rawValue),
            .text(s.reversesSetlId), .int(s.medfeeFen.value), .int(s.fundFen.value), .int(s.accountFen.value),
            .int(s.mutualAidFen.value), .int(s.cashFen.value), .int(s.mutualAidHolderId), .int(d.inScopeFen.value),
            .int(d.pooledFen.value), .int(d.largeSumFen.value), .int(d.criticalIllnessFen.value), .int(d.civilServantFen.value),
            .int(d.deductibleFen.value), .int(Int64(d.admissions)), .int(d.outpatientInScopeFen.value),
            .int(d.outpatientPooledFen.value), .int(d.outpatientDeductibleFen.value), .text(s.billJSON), .text(s.resultJSON),
            .text(s.settledOn.description),
        ]
        return try insert(
            """
            INSERT INTO settlement (setl_id, person_id, insurance_id, year, med_type, reverses_setl_id, medfee_fen, fund_fen,
            account_fen, mulaid_fen, cash_fen, mulaid_holder_id, d_inscp, d_hifp, d_hifob, d_hifmi, d_cvlserv, d_dedc,
            d_admissions, d_op_inscp, d_op_hifp, d_op_dedc, bill_json, result_json, settled_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, values)
    }
}
