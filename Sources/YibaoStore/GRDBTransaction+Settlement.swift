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
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(MAX(id), 0) FROM settlement")) ?? 0
    }

    func yearToDateDelta(personId: Int64, year: Int) throws -> YearToDateDelta {
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT COALESCE(SUM(d_inscp), 0), COALESCE(SUM(d_hifp), 0), COALESCE(SUM(d_hifob), 0), COALESCE(SUM(d_hifmi), 0),
            COALESCE(SUM(d_cvlserv), 0), COALESCE(SUM(d_dedc), 0), COALESCE(SUM(d_admissions), 0), COALESCE(SUM(d_op_inscp), 0),
            COALESCE(SUM(d_op_hifp), 0), COALESCE(SUM(d_op_dedc), 0) FROM settlement WHERE person_id = ? AND year = ?
            """), arguments: [personId, year])
        var d = YearToDateDelta()
        guard let r = row else { return d }
        d.inScopeFen = Fen(r[0] as Int64)
        d.pooledFen = Fen(r[1] as Int64)
        d.largeSumFen = Fen(r[2] as Int64)
        d.criticalIllnessFen = Fen(r[3] as Int64)
        d.civilServantFen = Fen(r[4] as Int64)
        d.deductibleFen = Fen(r[5] as Int64)
        d.admissions = r[6]
        d.outpatientInScopeFen = Fen(r[7] as Int64)
        d.outpatientPooledFen = Fen(r[8] as Int64)
        d.outpatientDeductibleFen = Fen(r[9] as Int64)
        return d
    }

    func insert(_ s: SettlementRecord) throws -> Int64 {
        let d = s.ytdDelta
        let values: [(any DatabaseValueConvertible)?] = [
            s.setlId, s.personId, s.insuranceId, s.year, s.medicalType.rawValue, s.reversesSetlId, s.medfeeFen.value,
            s.fundFen.value, s.accountFen.value, s.mutualAidFen.value, s.cashFen.value, s.mutualAidHolderId,
            d.inScopeFen.value, d.pooledFen.value, d.largeSumFen.value, d.criticalIllnessFen.value, d.civilServantFen.value,
            d.deductibleFen.value, d.admissions, d.outpatientInScopeFen.value, d.outpatientPooledFen.value,
            d.outpatientDeductibleFen.value, s.billJSON, s.resultJSON, s.settledOn.description,
        ]
        return try insertRow(
            """
            INSERT INTO settlement (setl_id, person_id, insurance_id, year, med_type, reverses_setl_id, medfee_fen, fund_fen,
            account_fen, mulaid_fen, cash_fen, mulaid_holder_id, d_inscp, d_hifp, d_hifob, d_hifmi, d_cvlserv, d_dedc,
            d_admissions, d_op_inscp, d_op_hifp, d_op_dedc, bill_json, result_json, settled_on)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, StatementArguments(values))
    }
}
