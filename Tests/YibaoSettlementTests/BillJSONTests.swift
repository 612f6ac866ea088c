import Foundation
import Testing
import YibaoCore
import YibaoPolicy
@testable import YibaoSettlement

/// A valid 深圳 outpatient bill as a JSON object; each case changes one thing.
func validBillObject() -> [String: Any] {
    [
        "insuplc_admdvs": "440300", "insutype": "310", "tier": "1", "psn_type": "in_service", "age": 45,
        "med_type": "11", "medins_lv": "1", "setl_date": "2025-06-01",
        "items": [
            ["feedetl_sn": "1", "det_item_fee_sumamt": "100.00", "chrgitm_lv": "01"],
            ["feedetl_sn": "2", "det_item_fee_sumamt": "50.00", "chrgitm_lv": "02", "selfpay_prop": "0.10"],
        ],
    ]
}

func jsonData(_ object: [String: Any]) throws -> Data {
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
}

/// Changes the first item of a bill object.
func withFirstItem(_ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
    var items = object["items"] as? [[String: Any]] ?? []
    change(&items[0])
    object["items"] = items
}

func hasChinese(_ text: String) -> Bool {
    text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
}

/// One bad input and the error it must give.
struct BadBillCase: Sendable, CustomTestStringConvertible {
    let name: String
    let change: @Sendable (inout [String: Any]) -> Void
    let expected: SettlementError
    var testDescription: String { name }
}

@Suite("Bill JSON input")
struct BillJSONTests {
    static let amountPath = "items[0].det_item_fee_sumamt"

    static let badCases: [BadBillCase] = [
        BadBillCase(name: "missing insutype", change: { $0["insutype"] = nil }, expected: .missingField("insutype")),
        BadBillCase(name: "missing setl_date", change: { $0["setl_date"] = nil }, expected: .missingField("setl_date")),
        BadBillCase(name: "missing items", change: { $0["items"] = nil }, expected: .missingField("items")),
        BadBillCase(name: "missing item amount", change: { withFirstItem(&$0) { $0["det_item_fee_sumamt"] = nil } },
            expected: .missingField(amountPath)),
        BadBillCase(name: "unknown insutype", change: { $0["insutype"] = "999" },
            expected: .unknownCode(field: "insutype", value: "999")),
        BadBillCase(name: "unknown med_type", change: { $0["med_type"] = "99" },
            expected: .unknownCode(field: "med_type", value: "99")),
        BadBillCase(name: "unknown medins_lv", change: { $0["medins_lv"] = "4" },
            expected: .unknownCode(field: "medins_lv", value: "4")),
        BadBillCase(name: "unknown psn_type", change: { $0["psn_type"] = "student" },
            expected: .unknownCode(field: "psn_type", value: "student")),
        BadBillCase(name: "unknown chrgitm_lv", change: { withFirstItem(&$0) { $0["chrgitm_lv"] = "04" } },
            expected: .unknownCode(field: "items[0].chrgitm_lv", value: "04")),
        BadBillCase(name: "unknown offsite", change: { $0["offsite"] = "abroad" },
            expected: .unknownCode(field: "offsite", value: "abroad")),
        BadBillCase(name: "negative amount", change: { withFirstItem(&$0) { $0["det_item_fee_sumamt"] = "-1.00" } },
            expected: .invalidAmount(field: amountPath, reason: .negativeNotAllowed("-1.00"))),
        BadBillCase(name: "three decimals", change: { withFirstItem(&$0) { $0["det_item_fee_sumamt"] = "1.005" } },
            expected: .invalidAmount(field: amountPath, reason: .tooManyDecimals("1.005"))),
        BadBillCase(name: "JSON number with three decimals",
            change: { withFirstItem(&$0) { $0["det_item_fee_sumamt"] = 12.345 } },
            expected: .invalidAmount(field: amountPath, reason: .tooManyDecimals("12.345"))),
        BadBillCase(name: "amount one fen above the maximum",
            change: { withFirstItem(&$0) { $0["det_item_fee_sumamt"] = "100000000.00" } },
            expected: .amountTooLarge(field: amountPath)),
        BadBillCase(name: "negative balance", change: { $0["acct_balc"] = "-0.01" },
            expected: .invalidAmount(field: "acct_balc", reason: .negativeNotAllowed("-0.01"))),
        BadBillCase(name: "zero items", change: { $0["items"] = [Any]() }, expected: .noItems),
        BadBillCase(name: "duplicate feedetl_sn", change: { withFirstItem(&$0) { $0["feedetl_sn"] = "2" } },
            expected: .duplicateItemSerial("2")),
        BadBillCase(name: "selfpay_prop above 1", change: { withFirstItem(&$0) { $0["selfpay_prop"] = "1.5" } },
            expected: .invalidValue(field: "items[0].selfpay_prop", value: "1.5")),
        BadBillCase(name: "negative selfpay_prop", change: { withFirstItem(&$0) { $0["selfpay_prop"] = "-0.5" } },
            expected: .invalidValue(field: "items[0].selfpay_prop", value: "-0.5")),
        BadBillCase(name: "age 200", change: { $0["age"] = 200 }, expected: .invalidValue(field: "age", value: "200")),
        BadBillCase(name: "age -1", change: { $0["age"] = "-1" }, expected: .invalidValue(field: "age", value: "-1")),
        BadBillCase(name: "zero quantity", change: { withFirstItem(&$0) { $0["cnt"] = "0" } },
            expected: .invalidValue(field: "items[0].cnt", value: "0")),
        BadBillCase(name: "bad date", change: { $0["setl_date"] = "2025-02-30" },
            expected: .invalidValue(field: "setl_date", value: "2025-02-30")),
        BadBillCase(name: "acct_used_flag 2", change: { $0["acct_used_flag"] = "2" },
            expected: .invalidValue(field: "acct_used_flag", value: "2")),
        BadBillCase(name: "region code of 5 digits", change: { $0["insuplc_admdvs"] = "44030" },
            expected: .invalidValue(field: "insuplc_admdvs", value: "44030")),
        BadBillCase(name: "admissions 367", change: { $0["ytd"] = ["admissions": 367] },
            expected: .invalidValue(field: "ytd.admissions", value: "367")),
    ]

    @Test("Each bad input gives its own SettlementError with a Chinese message", arguments: badCases)
    func badInput(c: BadBillCase) throws {
        var object = validBillObject()
        c.change(&object)
        let error = #expect(throws: SettlementError.self) { try Bill.fromJSON(try jsonData(object)) }
        #expect(error == c.expected)
        #expect(error.map { hasChinese($0.message) } == true, "message: \(error?.message ?? "")")
    }

    @Test("The valid base bill reads with its documented defaults")
    func validBill() throws {
        let b = try Bill.fromJSON(try jsonData(validBillObject()))
        #expect(b.insuredRegion == "440300" && b.treatmentRegion == "440300")
        #expect(b.tier == "1" && b.age == 45 && b.medicalType == .generalOutpatient && b.institutionLevel == .level1)
        #expect(!b.useAccount && b.accountBalanceFen == .zero && b.mutualAidBalanceFen == .zero)
        #expect(b.offsite == OffsiteStatus.none)
        #expect(b.yearToDate == YearToDate())
        #expect(b.items.map(\.amountFen) == [fen("100.00"), fen("50.00")])
        #expect(b.items[0].selfPayShareBps == nil && b.items[1].selfPayShareBps == Bps(1_000))
        #expect(b.items[0].quantityE4 == 10_000 && b.items[0].unitPriceCapFen == nil)
    }

    @Test("Malformed JSON and a top-level array are refused")
    func malformed() throws {
        #expect(throws: SettlementError.malformedJSON("无法解析")) { try Bill.fromJSON(Data("{ \"insutype\": ".utf8)) }
        #expect(throws: SettlementError.malformedJSON("顶层应为对象")) { try Bill.fromJSON(Data("[1, 2]".utf8)) }
        #expect(hasChinese(SettlementError.malformedJSON("无法解析").message))
    }

    @Test("A JSON number amount with one or two decimals is accepted exactly")
    func numberAmounts() throws {
        for (number, expected) in [(12.5, "12.50"), (12.34, "12.34"), (0.07, "0.07"), (99_999_999.99, "99999999.99")] {
            var object = validBillObject()
            withFirstItem(&object) { $0["det_item_fee_sumamt"] = number }
            let b = try Bill.fromJSON(try jsonData(object))
            #expect(b.items[0].amountFen.description == expected)
        }
    }

    @Test("The largest amount 99,999,999.99 is accepted; one fen more is refused")
    func amountBoundary() throws {
        var object = validBillObject()
        withFirstItem(&object) { $0["det_item_fee_sumamt"] = "99999999.99" }
        #expect(try Bill.fromJSON(try jsonData(object)).items[0].amountFen == Bill.amountMax)
        withFirstItem(&object) { $0["det_item_fee_sumamt"] = "100000000.00" }
        #expect(throws: SettlementError.amountTooLarge(field: Self.amountPath)) {
            try Bill.fromJSON(try jsonData(object))
        }
    }

    @Test("1,000 items are accepted; 1,001 are refused")
    func itemCountBoundary() throws {
        func object(items count: Int) -> [String: Any] {
            var o = validBillObject()
            o["items"] = (1...count).map { ["feedetl_sn": "\($0)", "det_item_fee_sumamt": "1.00", "chrgitm_lv": "01"] }
            return o
        }
        #expect(try Bill.fromJSON(try jsonData(object(items: 1_000))).items.count == 1_000)
        let error = #expect(throws: SettlementError.self) { try Bill.fromJSON(try jsonData(object(items: 1_001))) }
        #expect(error == .tooManyItems(count: 1_001))
        #expect(error?.message.contains("1001") == true)
    }

    @Test("A region code not in the region table is refused when a table is given")
    func unknownRegion() throws {
        var object = validBillObject()
        object["insuplc_admdvs"] = "999999"
        #expect(throws: SettlementError.regionUnknown("999999")) {
            try Bill.fromJSON(try jsonData(object), regions: try TestEngines.regionTable.get())
        }
    }

    @Test("A JSON true where an amount belongs is refused, not read as 1")
    func booleanAmount() throws {
        var object = validBillObject()
        withFirstItem(&object) { $0["det_item_fee_sumamt"] = true }
        let error = #expect(throws: SettlementError.self) { try Bill.fromJSON(try jsonData(object)) }
        guard case .invalidValue(let field, _) = error else {
            Issue.record("expected invalidValue, got \(String(describing: error))")
            return
        }
        #expect(field == Self.amountPath)
    }

    @Test("Quantity and price cap read exactly: cnt 2, cap 30.00 against 80.00")
    func quantityAndCap() throws {
        var object = validBillObject()
        withFirstItem(&object) {
            $0["det_item_fee_sumamt"] = "80.00"
            $0["pric_uplmt_amt"] = "30.00"
            $0["cnt"] = 2
        }
        let b = try Bill.fromJSON(try jsonData(object))
        #expect(b.items[0].quantityE4 == 20_000 && b.items[0].unitPriceCapFen == fen("30.00"))
        // 30.00 × 2 = 60.00 allowed; 20.00 over the cap.
        #expect(try TestEngines.shipped().settle(b).overLimitSelfPayFen == fen("20.00"))
    }
}

@Suite("Stored settlement JSON")
struct StoredSettlementJSONTests {
    @Test("The hand-built JSON of a settlement decodes back to the same output, quotes and backslashes included")
    func jsonTextRoundTrips() throws {
        let data = try #require(FileManager.default.contents(atPath: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/bills/shenzhen-tier1-inpatient.json").path))
        let engine = SettlementEngine(catalog: try PolicyCatalog.bundled(), regions: try RegionTable.bundled())
        let bill = try Bill.fromJSON(data)
        let (result, steps) = try engine.settleExplained(bill)
        var lines = SettlementExplanation.lines(bill: bill, result: result, steps: steps)
        lines.append("含 \"引号\" 与 \\ 反斜杠\n与换行\u{01}")
        let output = NationalSettlementOutput(result, explanation: lines)
        let decoded = try JSONDecoder().decode(NationalSettlementOutput.self, from: Data(output.jsonText.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(decoded) == encoder.encode(output))
        #expect(decoded.explanation?.last == lines.last)
        #expect(decoded.setldetail.first?.fund_payamt == result.pooledFundFen.description)
    }
}

/// `BillContext` is a faster way of doing what overriding the bill's fields does: the two must give the same bill,
/// or the same error, for any bill and any context.
@Suite("Bill context against overriding fields")
struct BillContextTests {
    static func outcome(_ body: () throws(SettlementError) -> Bill) -> Result<Bill, SettlementError> {
        do { return .success(try body()) } catch { return .failure(error) }
    }

    static func randomFen(_ r: inout SplitMix64) -> Fen {
        switch r.next() % 100 {
        case 0: Fen(-Int64(r.next() % 10_000))  // refused as negative
        case 1: Fen(Bill.amountMax.value + Int64(r.next() % 3))  // at and just past the largest amount
        case 2: Fen(Fen.parseMax.value + Int64(r.next() % 3))  // at and past what parsing takes
        default: Fen(Int64(r.next() % 100_000_000))
        }
    }

    static func randomContext(_ r: inout SplitMix64) -> BillContext {
        let regions = ["440300", "110100", "440304", "310100", "999999", "44030", "4403a0", ""]
        var y = YearToDate()
        y.inScopeCumulativeFen = randomFen(&r)
        y.pooledPaidFen = randomFen(&r)
        y.largeSumPaidFen = randomFen(&r)
        y.criticalIllnessPaidFen = randomFen(&r)
        y.civilServantPaidFen = randomFen(&r)
        y.deductiblePaidFen = randomFen(&r)
        y.outpatientInScopeCumulativeFen = randomFen(&r)
        y.outpatientPooledPaidFen = randomFen(&r)
        y.outpatientDeductiblePaidFen = randomFen(&r)
        y.admissions = Int(r.next() % 400)
        return BillContext(
            insuredRegion: regions[Int(r.next() % UInt64(regions.count))],
            insuranceType: InsuranceType.allCases[Int(r.next() % UInt64(InsuranceType.allCases.count))],
            personType: PersonType.allCases[Int(r.next() % UInt64(PersonType.allCases.count))],
            tier: [nil, "1", "2"][Int(r.next() % 3)], age: Int(r.next() % 160), accountBalanceFen: randomFen(&r),
            mutualAidBalanceFen: randomFen(&r), yearToDate: y)
    }

    @Test func aContextGivesWhatOverridingTheFieldsGives() throws {
        let regions = try TestEngines.regionTable.get()
        var r = SplitMix64(seed: 2026_1123)
        var bills: [[String: Any]] = [validBillObject()]
        for bad in BillJSONTests.badCases {
            var o = validBillObject()
            bad.change(&o)
            bills.append(o)
        }
        var agreedOnBills = 0
        var agreedOnErrors = 0
        for i in 0..<3_000 {
            // Every other case the valid bill, so that contexts that are themselves valid give bills.
            let object = i % 2 == 0 ? bills[0] : bills[Int(r.next() % UInt64(bills.count))]
            let context = Self.randomContext(&r)
            let typed = Self.outcome { () throws(SettlementError) in try Bill.fromJSONObject(object, regions: regions, context: context) }
            let fields = Self.outcome { () throws(SettlementError) in
                try Bill.fromJSONObject(object, regions: regions, overriding: context.overridingFields)
            }
            switch (typed, fields) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "seed 20261123, case \(i)")
                agreedOnBills += 1
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "seed 20261123, case \(i)")
                agreedOnErrors += 1
            default:
                Issue.record("case \(i): context gave \(typed), fields gave \(fields)")
            }
        }
        // Both kinds of outcome were exercised.
        #expect(agreedOnBills > 100)
        #expect(agreedOnErrors > 100)
    }
}
