import Foundation
import YibaoCore
import YibaoPolicy
import YibaoSettlement

/// A settlement as the platform returns it: its ID, the national output with explanation, and who paid.
public struct SettleResult: Codable, Sendable {
    public let setl_id: String
    public let psn_no: String
    public let output: NationalSettlementOutput
    /// Relatives whose accounts paid through 共济: masked names and amounts.
    public let mutualAidPayers: [MutualAidPayer]
}

public struct MutualAidPayer: Codable, Sendable, Hashable {
    public let psnNo: String
    public let maskedName: String
    public let amountFen: Fen
}

/// A bill settled in memory for a registered person, before anything is written.
struct PreparedSettlement {
    let person: PersonRecord
    let insurance: InsuranceRecord
    let bill: Bill
    let result: Settlement
    let explanation: [String]
    let ownAccount: AccountRecord?
    /// Holders' accounts available for 共济, largest balance first.
    let mutualAidAccounts: [(PersonRecord, AccountRecord)]
}

extension Platform {
    /// Settles a bill for a registered person: the person's insurance, year-to-date accumulators and balances
    /// come from the records (overriding the bill's), the account pays first, then authorising relatives,
    /// then cash; the settlement and its transfers are stored in one transaction. Idempotent by `key`.
    public func settle(person query: String, bill data: Data, key: String) throws -> SettleResult {
        try store.write { tx in try settle(SettleRequest(person: query, bill: data, key: key), in: tx) }
    }

    /// What the idempotency record keeps for a settlement: its ID (the full result lives in the settlement row).
    struct SettleAck: Codable {
        let setl_id: String

        /// What `canonicalJSON` writes for it, without an encoder (one per settlement).
        var canonicalJSON: String { "{\"setl_id\":" + JSONText.quoted(setl_id) + "}" }
    }

    func settle(_ r: SettleRequest, in tx: any StoreTransaction) throws -> SettleResult {
        let today = try today(in: tx)
        switch try plan(r, in: tx) {
        case .replay(let result): return result
        case .fresh(let prepared): return try write(prepared, for: r, today: today, in: tx)
        }
    }

    /// What a settlement request comes to before anything is written: the answer of an earlier request with the
    /// same key, or a new settlement worked out and ready to record.
    enum SettlementPlan {
        case replay(SettleResult)
        case fresh(PreparedSettlement)
    }

    /// Every check and the calculation of a settlement, reading only: a refusal is thrown here, before anything of
    /// the settlement is written (which is what lets `settleBatch` do without a savepoint per settlement).
    func plan(_ r: SettleRequest, in tx: any StoreTransaction) throws -> SettlementPlan {
        if let ack: SettleAck = try idempotentReplay(key: r.key, operation: "settle", requestText: r.parsed.requestText, in: tx) {
            return .replay(try storedResult(setlId: ack.setl_id, in: tx))
        }
        return .fresh(try prepare(person: r.person, billObject: r.parsed.billObject, in: tx))
    }

    /// Records a planned settlement (its transfers and row) and its idempotency record.
    func write(_ p: PreparedSettlement, for r: SettleRequest, today: CalendarDate, counters: CounterAccounts? = nil,
        in tx: any StoreTransaction) throws -> SettleResult
    {
        let result = try record(p, today: today, counters: counters ?? CounterAccounts(), in: tx)
        try recordIdempotent(key: r.key, operation: "settle", requestText: r.parsed.requestText,
            resultText: SettleAck(setl_id: result.setl_id).canonicalJSON, in: tx)
        return result
    }

    /// A stored settlement as `SettleResult` (for idempotent replays and queries).
    func storedResult(setlId: String, in tx: any StoreReader) throws -> SettleResult {
        guard let s = try tx.settlement(setlId: setlId), let person = try tx.person(id: s.personId) else {
            throw PlatformError.settlementNotFound(setlId)
        }
        let output = try JSONDecoder().decode(NationalSettlementOutput.self, from: Data(s.resultJSON.utf8))
        var payers: [MutualAidPayer] = []
        for t in try tx.transfers(reference: "setl:\(setlId)") where t.code == .settlementMutualAid {
            if let account = try tx.account(id: t.debitAccountId), let owner = account.ownerPersonId,
                let holder = try tx.person(id: owner)
            {
                payers.append(MutualAidPayer(psnNo: holder.psnNo, maskedName: Platform.maskName(holder.name), amountFen: t.amountFen))
            }
        }
        return SettleResult(setl_id: setlId, psn_no: person.psnNo, output: output, mutualAidPayers: payers)
    }

    /// The same calculation without writing anything (pre-settlement, 预结算; the bill estimator).
    public func estimate(person query: String, bill data: Data) throws -> SettleResult {
        try store.read { tx in
            let p = try prepare(person: query, bill: data, in: tx)
            return SettleResult(setl_id: "", psn_no: p.person.psnNo, output: NationalSettlementOutput(p.result, explanation: p.explanation),
                mutualAidPayers: [])
        }
    }

    /// An institution's pre-settlement: the person must be insured in the institution's `region` (else
    /// `region_forbidden`), checked in the same read transaction as the calculation. `billObject` is the bill
    /// already read as a JSON object (`Bill.jsonObject`), since the caller reads it to learn whose bill it is.
    public func estimate(person query: String, billObject: [String: Any]?, inRegion region: String) throws -> SettleResult {
        try store.read { tx in
            let p = try prepare(person: query, billObject: billObject, in: tx, insuredIn: region)
            return SettleResult(setl_id: "", psn_no: p.person.psnNo, output: NationalSettlementOutput(p.result, explanation: p.explanation),
                mutualAidPayers: [])
        }
    }

    func prepare(person query: String, bill data: Data, in tx: any StoreReader) throws -> PreparedSettlement {
        try prepare(person: query, billObject: SettleRequest.billObject(data), in: tx)
    }

    /// The same with the bill already read as a JSON object (nil: not one, or too large). With `insuredIn`, the
    /// person must be insured in that region (else `region_forbidden`, before anything about the bill): the
    /// check of `checkPerson`, on the insurance rows read for the settlement anyway.
    func prepare(person query: String, billObject: [String: Any]?, in tx: any StoreReader, insuredIn requiredRegion: String? = nil)
        throws -> PreparedSettlement
    {
        let person = try person(query, in: tx)
        let all = try histories(personId: person.id ?? 0, in: tx)
        if let requiredRegion, !all.contains(where: { $0.insurance.region == requiredRegion }) {
            throw AuthError.regionForbidden(region: requiredRegion)
        }
        guard let sent = billObject else {
            throw PlatformError.settlementRefused(code: "bill_malformed_json", message: "结算单不是有效的 JSON 对象。")
        }
        let type = (sent["insutype"] as? String).flatMap(InsuranceType.init(rawValue:))
        let history = try insurance(of: person, type: type, among: all)
        let dateText = (sent["setl_date"] as? String).map { String($0.prefix(10)) } ?? ""
        guard let date = CalendarDate(dateText) else { throw PlatformError.dateInvalid(dateText) }
        guard let state = history.state(on: date), state.status == .active else {
            throw PlatformError.insuranceNotFound(person.psnNo)
        }
        let region = history.insurance.region
        let own = try usableAccount(personId: person.id ?? 0, region: region, in: tx)
        var aid: [(PersonRecord, AccountRecord)] = []
        for g in try tx.grants(relativePersonId: person.id ?? 0) where g.revokedOn == nil {
            if let holder = try tx.person(id: g.holderPersonId),
                let account = try usableAccount(personId: g.holderPersonId, region: region, in: tx), account.balanceFen > .zero
            {
                aid.append((holder, account))
            }
        }
        aid.sort { $0.1.balanceFen > $1.1.balanceFen }
        let ytd = try yearToDate(personId: person.id ?? 0, year: date.year, in: tx)
        let age = (try? IDNumber(person.idNumber).age(on: date)) ?? 0
        let context = BillContext(insuredRegion: region, insuranceType: history.insurance.insuranceType,
            personType: state.personType, tier: state.tier, age: age, accountBalanceFen: own?.balanceFen ?? .zero,
            mutualAidBalanceFen: aid.reduce(Fen.zero) { $0 + $1.1.balanceFen }, yearToDate: ytd)
        do {
            let bill = try Bill.fromJSONObject(sent, regions: regions, context: context)
            let (result, steps) = try engine.settleExplained(bill)
            return PreparedSettlement(person: person, insurance: history.insurance, bill: bill, result: result,
                explanation: SettlementExplanation.lines(bill: bill, result: result, steps: steps), ownAccount: own,
                mutualAidAccounts: aid)
        } catch {
            throw PlatformError.settlementRefused(code: error.code, message: error.message)
        }
    }

    /// The personal account if it may pay now (exists, activated, not frozen).
    func usableAccount(personId: Int64, region: String, in tx: any StoreReader) throws -> AccountRecord? {
        guard let a = try tx.account(kind: .personal, region: region, ownerPersonId: personId) else { return nil }
        return try tx.statusEvents(accountId: a.id ?? 0).last?.status == .active ? a : nil
    }

    /// The person's year-to-date accumulators: the sum of the year's settlement deltas (reversals included).
    func yearToDate(personId: Int64, year: Int, in tx: any StoreReader) throws -> YearToDate {
        let d = try tx.yearToDateDelta(personId: personId, year: year)
        var y = YearToDate()
        y.inScopeCumulativeFen = d.inScopeFen
        y.pooledPaidFen = d.pooledFen
        y.largeSumPaidFen = d.largeSumFen
        y.criticalIllnessPaidFen = d.criticalIllnessFen
        y.civilServantPaidFen = d.civilServantFen
        y.deductiblePaidFen = d.deductibleFen
        y.admissions = d.admissions
        y.outpatientInScopeCumulativeFen = d.outpatientInScopeFen
        y.outpatientPooledPaidFen = d.outpatientPooledFen
        y.outpatientDeductiblePaidFen = d.outpatientDeductibleFen
        return y
    }

    func record(_ p: PreparedSettlement, today: CalendarDate, counters: CounterAccounts, in tx: any StoreTransaction) throws
        -> SettleResult
    {
        let r = p.result
        let region = p.insurance.region
        let setlId = Platform.settlementID(region: region, date: p.bill.date, sequence: try tx.settlementCount() + 1)
        let institution = try counters.account(.institutionSettlement, region: region, platform: self, in: tx, on: today)
        let stamp = clock.timestamp()
        func post(_ code: TransferCode, _ amount: Fen, from: Int64, key: String, memo: String) throws {
            guard amount > .zero else { return }
            _ = try tx.post(TransferRecord(idempotencyKey: "\(setlId):\(key)", code: code, amountFen: amount, debitAccountId: from,
                creditAccountId: institution, reference: "setl:\(setlId)", memo: memo, postedOn: today, timestamp: stamp))
        }
        if r.fundTotalFen > .zero {
            let fund = try counters.account(.pooledFund, region: region, platform: self, in: tx, on: today)
            try post(.settlementFund, r.fundTotalFen, from: fund, key: "fund", memo: "\(p.bill.medicalType.label)基金支付 \(setlId)")
        }
        if r.accountPayFen > .zero, let own = p.ownAccount {
            try post(.settlementAccount, r.accountPayFen, from: own.id ?? 0, key: "account",
                memo: "\(p.bill.medicalType.label)个人账户支付 \(setlId)")
        }
        var payers: [MutualAidPayer] = []
        var left = r.mutualAidPayFen
        for (holder, account) in p.mutualAidAccounts where left > .zero {
            let amount = min(left, account.balanceFen)
            try post(.settlementMutualAid, amount, from: account.id ?? 0, key: "aid:\(holder.psnNo)",
                memo: "家庭共济：\(Platform.maskName(holder.name))为亲属\(Platform.maskName(p.person.name))支付\(p.bill.medicalType.label)费用 \(setlId)")
            payers.append(MutualAidPayer(psnNo: holder.psnNo, maskedName: Platform.maskName(holder.name), amountFen: amount))
            left -= amount
        }
        precondition(left == .zero, "mutual-aid balances were read in the same transaction")
        let output = NationalSettlementOutput(r, explanation: p.explanation)
        _ = try tx.insert(SettlementRecord(
            setlId: setlId, personId: p.person.id ?? 0, insuranceId: p.insurance.id ?? 0, year: p.bill.date.year,
            medicalType: p.bill.medicalType, reversesSetlId: nil, medfeeFen: r.medicalFeeTotalFen, fundFen: r.fundTotalFen,
            accountFen: r.accountPayFen, mutualAidFen: r.mutualAidPayFen, cashFen: r.cashPayFen,
            mutualAidHolderId: p.mutualAidAccounts.first.flatMap { r.mutualAidPayFen > .zero ? $0.0.id : nil },
            ytdDelta: Platform.delta(from: p.bill.yearToDate, to: r.yearToDate), billJSON: BillEcho(p.bill).jsonText,
            resultJSON: output.jsonText, settledOn: today))
        return SettleResult(setl_id: setlId, psn_no: p.person.psnNo, output: output, mutualAidPayers: payers)
    }

    /// "S" + region + YYYYMMDD + the sequence in eight digits: "S44030020250630" + "00000042".
    static func settlementID(region: String, date: CalendarDate, sequence: Int) -> String {
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "S" + region + padded(date.year, 4) + padded(date.month, 2) + padded(date.day, 2) + padded(sequence, 8)
    }

    static func delta(from a: YearToDate, to b: YearToDate) -> YearToDateDelta {
        var d = YearToDateDelta()
        d.inScopeFen = b.inScopeCumulativeFen - a.inScopeCumulativeFen
        d.pooledFen = b.pooledPaidFen - a.pooledPaidFen
        d.largeSumFen = b.largeSumPaidFen - a.largeSumPaidFen
        d.criticalIllnessFen = b.criticalIllnessPaidFen - a.criticalIllnessPaidFen
        d.civilServantFen = b.civilServantPaidFen - a.civilServantPaidFen
        d.deductibleFen = b.deductiblePaidFen - a.deductiblePaidFen
        d.admissions = b.admissions - a.admissions
        d.outpatientInScopeFen = b.outpatientInScopeCumulativeFen - a.outpatientInScopeCumulativeFen
        d.outpatientPooledFen = b.outpatientPooledPaidFen - a.outpatientPooledPaidFen
        d.outpatientDeductibleFen = b.outpatientDeductiblePaidFen - a.outpatientDeductiblePaidFen
        return d
    }

    /// "张*" / "欧阳**": the family name kept, the rest masked.
    public static func maskName(_ name: String) -> String {
        guard let first = name.first else { return "" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}

/// The stored echo of a settled bill (what was settled, in national field names).
struct BillEcho: Codable {
    let insuplc_admdvs, insutype, psn_type, med_type, medins_lv, setl_date, acct_used_flag: String
    let tier: String?
    let age: Int
    let items: Int

    var jsonText: String {
        var j = JSONText()
        j.beginObject()
        for (k, v) in [("acct_used_flag", acct_used_flag), ("insuplc_admdvs", insuplc_admdvs), ("insutype", insutype),
            ("med_type", med_type), ("medins_lv", medins_lv), ("psn_type", psn_type), ("setl_date", setl_date)]
        {
            j.string(k, v)
        }
        j.int("age", age)
        j.int("items", items)
        j.string("tier", tier)
        j.endObject()
        return j.text
    }

    init(_ b: Bill) {
        insuplc_admdvs = b.insuredRegion
        insutype = b.insuranceType.rawValue
        psn_type = b.personType.rawValue
        med_type = b.medicalType.rawValue
        medins_lv = b.institutionLevel.rawValue
        setl_date = b.date.description
        acct_used_flag = b.useAccount ? "1" : "0"
        tier = b.tier
        age = b.age
        items = b.items.count
    }
}

/// One settlement request in a batch (a hospital's stream, or a group commit).
public struct SettleRequest: Sendable {
    public let person: String
    public let bill: Data
    public let key: String
    /// What needs no database, worked out where the request is made: with group commit that is the caller's task,
    /// on another core than the writer, which then spends its time only on what must be done under the lock.
    let parsed: ParsedSettleRequest

    public init(person: String, bill: Data, key: String) {
        self.person = person
        self.bill = bill
        self.key = key
        parsed = ParsedSettleRequest(person: person, bill: bill)
    }

    /// The bill as a JSON object, or nil when it is not one or is larger than `Bill.jsonBytesMax`.
    static func billObject(_ data: Data) -> [String: Any]? {
        data.count <= Bill.jsonBytesMax ? Bill.jsonObject(data) : nil
    }
}

/// A settlement request's canonical text (what its idempotency record keeps) and its bill read as JSON.
/// Immutable once made, so it may cross to the writer's thread although a JSON object is not `Sendable`.
final class ParsedSettleRequest: @unchecked Sendable {
    let requestText: String
    let billObject: [String: Any]?

    init(person: String, bill: Data) {
        let billText = String(decoding: bill, as: UTF8.self)
        var request = JSONText(capacity: billText.utf8.count + billText.utf8.count / 4 + person.utf8.count + 32)
        request.beginObject()
        request.string("bill", billText)
        request.string("person", person)
        request.endObject()
        requestText = request.text
        billObject = SettleRequest.billObject(bill)
    }
}

extension Platform {
    /// Settles several bills in one durable transaction (group commit); nobody is answered before the transaction
    /// is on disk, and a refused bill does not undo the others.
    ///
    /// `plan` throws every refusal before anything of its settlement is written, so a refused bill needs no
    /// savepoint to be undone: it wrote nothing. A failure while writing (never expected, since the writes follow
    /// checks made in the same transaction) leaves a settlement half-written, so it rolls the whole transaction
    /// back, and the batch is settled again with a savepoint around each settlement.
    public func settleBatch(_ requests: [SettleRequest]) throws -> [Result<SettleResult, PlatformError>] {
        do {
            return try store.write { tx in
                let today = try today(in: tx)
                let counters = CounterAccounts()
                return try requests.map { r in
                    let plan: SettlementPlan
                    do {
                        plan = try self.plan(r, in: tx)
                    } catch {
                        return .failure(Platform.settlementFailure(error))
                    }
                    switch plan {
                    case .replay(let result): return .success(result)
                    case .fresh(let prepared):
                        do {
                            return .success(try write(prepared, for: r, today: today, counters: counters, in: tx))
                        } catch {
                            throw BatchWriteFailed(underlying: error)
                        }
                    }
                }
            }
        } catch is BatchWriteFailed {
            return try settleBatchWithSavepoints(requests)
        }
    }

    /// The batch with a savepoint around each settlement: slower (SQLite keeps a copy of every page a savepoint
    /// changes), used only after a write failed.
    func settleBatchWithSavepoints(_ requests: [SettleRequest]) throws -> [Result<SettleResult, PlatformError>] {
        try store.write { tx in
            requests.map { r in
                do {
                    return .success(try tx.savepoint { try settle(r, in: tx) })
                } catch {
                    return .failure(Platform.settlementFailure(error))
                }
            }
        }
    }

    static func settlementFailure(_ error: any Error) -> PlatformError {
        (error as? PlatformError) ?? .settlementRefused(code: "internal_error", message: "结算失败，请稍后重试。")
    }

    /// A settlement of a batch failed part-way through its writes.
    struct BatchWriteFailed: Error {
        let underlying: any Error
    }
}

/// The counter-accounts a transaction has used, by kind and region: a batch of settlements looks each up once.
/// For one transaction only (an account it opens exists only if that transaction commits).
final class CounterAccounts {
    private var ids: [String: Int64] = [:]

    func account(_ kind: AccountKind, region: String, platform: Platform, in tx: any StoreTransaction, on date: CalendarDate)
        throws -> Int64
    {
        let key = kind.rawValue + "/" + region
        if let id = ids[key] { return id }
        let id = try platform.counterAccount(kind, region: region, in: tx, on: date).id ?? 0
        ids[key] = id
        return id
    }
}

extension SettleResult {
    /// The same JSON as `JSONEncoder` writes for this value (keys in declaration order), built directly: the
    /// institution endpoints answer one per request, and the explanation makes Foundation's encoder the
    /// largest cost of a pre-settlement.
    public var jsonText: String { json.text }

    /// The same JSON as UTF-8 bytes (what the institution endpoints send).
    public var jsonUTF8: [UInt8] { json.utf8 }

    private var json: JSONText {
        var j = JSONText(capacity: output.jsonCapacity + 128 + 96 * mutualAidPayers.count)
        j.beginObject()
        j.string("setl_id", setl_id)
        j.string("psn_no", psn_no)
        output.write(into: &j, key: "output")
        j.beginArray("mutualAidPayers")
        for p in mutualAidPayers {
            j.beginObject()
            j.string("psnNo", p.psnNo)
            j.string("maskedName", p.maskedName)
            j.int("amountFen", Int(p.amountFen.value))
            j.endObject()
        }
        j.endArray()
        j.endObject()
        return j
    }
}
