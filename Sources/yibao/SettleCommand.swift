import ArgumentParser
import Foundation
import YibaoCore
import YibaoPolicy
import YibaoPlatform
import YibaoSettlement

struct SettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Settle one bill (national field names, JSON) under its region's policy pack.")

    @Argument(help: "Bill JSON file, or - for standard input.")
    var bill: String

    @Flag(help: "Print the result as JSON with the national field names.")
    var json = false

    @Flag(help: "Include the step-by-step Chinese explanation (always shown in the receipt).")
    var explain = false

    @Option(help: "Settle for a registered person (psn_no or ID number): insurance, accumulators and balances come from the records, and the result is stored.")
    var person: String?

    @Flag(help: "With --person: calculate without storing (pre-settlement).")
    var dryRun = false

    @Option(help: "Idempotency key (default: derived from the person and the bill, so resubmitting a bill is a replay).")
    var key: String?

    func run() throws {
        if let person {
            return try settleForPerson(person)
        }
        let data = try readBill()
        let regions = try RegionTable.bundled()
        let engine = SettlementEngine(catalog: try PolicyCatalog.bundled(), regions: regions)
        do {
            let input = try Bill.fromJSON(data, regions: regions)
            let (result, steps) = try engine.settleExplained(input)
            let explanation = SettlementExplanation.lines(bill: input, result: result, steps: steps)
            if json {
                try Output.json(NationalSettlementOutput(result, explanation: explain ? explanation : nil))
            } else {
                result.receipt(bill: input).forEach(Output.line)
                Output.line("")
                Output.line("计算过程：")
                explanation.forEach(Output.line)
            }
        } catch let error as SettlementError {
            throw Output.fail(error)
        }
    }

    func readBill() throws -> Data {
        if bill == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let d = FileManager.default.contents(atPath: bill) else {
            throw Output.fail(SettlementError.malformedJSON("无法读取文件 \(bill)"))
        }
        return d
    }

    func settleForPerson(_ person: String) throws {
        let data = try readBill()
        let platform = try Context.platform()
        let r = try Context.run {
            dryRun ? try platform.estimate(person: person, bill: data)
                : try platform.settle(person: person, bill: data,
                    key: Context.key(key, "settle", person, String(decoding: data, as: UTF8.self)))
        }
        if json { return try Output.json(r) }
        Output.line(dryRun ? "预结算（未保存）  人员编号 \(r.psn_no)" : "结算单号 \(r.setl_id)  人员编号 \(r.psn_no)")
        let o = r.output
        Output.line("医疗费用 \(o.medfee_sumamt)  基金支付 \(o.fund_pay_sumamt)  个人账户 \(o.acct_pay)  共济 \(o.acct_mulaid_pay)  现金 \(o.psn_cash_pay)  余额 \(o.balc)")
        for p in r.mutualAidPayers { Output.line("  共济支付：\(p.maskedName)（\(p.psnNo)）\(p.amountFen) 元") }
        (o.explanation ?? []).forEach(Output.line)
    }
}

/// Settles a stream of bills from standard input, one JSON object a line:
/// `{"person": "…", "key": "…", "bill": {…}}`. After each settlement is durable it prints
/// `ack KEY SETL_ID` (or `err KEY CODE`), so a caller knows exactly what was acknowledged.
/// With `--callers N` the bills go through `GroupCommitter` as the server's do, N at a time, and are acknowledged
/// as their batches commit (each batch is one `synchronous = FULL` transaction, on disk when it returns).
struct SettleBatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "settle-batch",
        abstract: "Settle a stream of bills (JSON lines on stdin), acknowledging each once it is on disk.")

    @Option(help: "Bills per durable transaction (1 = each settlement committed alone).")
    var group = 1

    @Option(help: "Bills settled at once through the group committer, as the server settles (0 = batches of --group).")
    var callers = 0

    /// Most bills in flight through the group committer.
    static let callersMax = 1_024
    /// Most lines read from standard input.
    static let linesMax = 10_000_000

    func run() throws {
        let platform = try Context.platform()
        if callers > 0 { return try settleThroughCommitter(platform) }
        var batch: [SettleRequest] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            let results = try platform.settleBatch(batch)
            for (request, result) in zip(batch, results) {
                switch result {
                case .success(let r): print("ack \(request.key) \(r.setl_id)")
                case .failure(let e): print("err \(request.key) \(e.code)")
                }
            }
            Output.flush()
            batch.removeAll()
        }
        var lines = 0
        while let line = readLine(), lines < Self.linesMax {
            lines += 1
            guard let request = Self.request(line) else {
                print("err line-\(lines) bill_malformed_json")
                continue
            }
            batch.append(request)
            if batch.count >= max(1, group) { try flush() }
        }
        try flush()
    }

    static func request(_ line: String) -> SettleRequest? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let person = object["person"] as? String, let key = object["key"] as? String, let bill = object["bill"],
            let data = try? JSONSerialization.data(withJSONObject: bill)
        else { return nil }
        return SettleRequest(person: person, bill: data, key: key)
    }

    /// Up to `callers` bills wait in the group committer at once; each is acknowledged when its answer comes, which
    /// is after the commit that made its batch durable.
    func settleThroughCommitter(_ platform: Platform) throws {
        let committer = GroupCommitter(platform: platform)
        let slots = DispatchSemaphore(value: min(callers, Self.callersMax))
        let answered = DispatchGroup()
        let printing = NSLock()
        var lines = 0
        while let line = readLine(), lines < Self.linesMax {
            lines += 1
            guard let request = Self.request(line) else {
                printing.withLock {
                    print("err line-\(lines) bill_malformed_json")
                    Output.flush()
                }
                continue
            }
            slots.wait()
            answered.enter()
            Task {
                var text = "err \(request.key) internal_error"
                switch try? await committer.settle(request) {
                case .success(let r): text = "ack \(request.key) \(r.setl_id)"
                case .failure(let e): text = "err \(request.key) \(e.code)"
                case nil: break
                }
                printing.withLock {
                    print(text)
                    Output.flush()
                }
                slots.signal()
                answered.leave()
            }
        }
        answered.wait()
    }
}
