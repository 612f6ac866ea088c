import Foundation
import Testing
import YibaoCore
@testable import YibaoSettlement

/// Settles every file in `examples/bills`, as `yibao settle` would (shipped packs, shipped region table).
@Suite("Example bills")
struct ExampleBillTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/bills")

    /// Fund totals computed by hand for the examples; a file not listed here is only checked for invariants.
    static let fundTotals: [String: String] = [
        // (7000 + 900 + 400 − 600) × 90%
        "shenzhen-tier1-inpatient.json": "6930.00",
        // (180 + 60 × 90%) × 75% (level 1) = 234 × 0.75
        "shenzhen-tier1-outpatient.json": "175.50",
        // (120 + 80 × 95%) × (65% + 5% retired) = 196 × 0.70
        "shenzhen-tier2-outpatient.json": "137.20",
        // (12000 + 2700 − 400) × 91% (二档, level 2; in service at 61 is not raised to 95%) = 14300 × 0.91
        "shenzhen-tier2-inpatient.json": "13013.00",
        // 4350 × 85% + 10000 × 90% + 5000 × 95%
        "beijing-inpatient-banded.json": "17447.50",
        // 1000 × 90% (retired 70+) + 1000 × 80%
        "beijing-retiree-outpatient.json": "1700.00",
        // (3400 + 180 + 1000 − 400) × 92% = 4180 × 0.92
        "class-b-item.json": "3845.60",
        // 100 × 75% = 75.00 wanted, cap 9885 − 9850 = 35.00 left
        "capped-outpatient.json": "35.00",
    ]

    static func files() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("Every example bill named in the brief is present")
    func examplesPresent() throws {
        let names = Set(try Self.files().map(\.lastPathComponent))
        #expect(names.isSuperset(of: Set(Self.fundTotals.keys).union(["refused-tianjin-inpatient.json"])))
    }

    @Test("refused-* examples fail with a SettlementError; the others settle with invariants holding")
    func settleEveryExample() throws {
        let regions = try TestEngines.regionTable.get()
        let engine = try TestEngines.shipped()
        let files = try Self.files()
        #expect(files.count >= 9)
        for file in files {
            let name = file.lastPathComponent
            let data = try Data(contentsOf: file)
            if name.hasPrefix("refused-") {
                let error = #expect(throws: SettlementError.self, "\(name)") {
                    try engine.settle(try Bill.fromJSON(data, regions: regions))
                }
                #expect(error.map { !$0.message.isEmpty } == true, "\(name)")
                continue
            }
            let b = try Bill.fromJSON(data, regions: regions)
            let (r, steps) = try engine.settleExplained(b)
            #expect(r.checkInvariants(), "\(name)")
            #expect(try engine.settle(b) == r, "\(name)")
            #expect(!SettlementExplanation.lines(bill: b, result: r, steps: steps).isEmpty, "\(name)")
            if let total = Self.fundTotals[name] {
                #expect(r.fundTotalFen.description == total, "\(name)")
            }
        }
    }

    @Test("The Tianjin inpatient example is refused because 天津 has no inpatient rules")
    func tianjinRefusalReason() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("refused-tianjin-inpatient.json"))
        let b = try Bill.fromJSON(data, regions: try TestEngines.regionTable.get())
        let refusal = SettlementError.benefitMissing(region: "120100", year: 2025, scheme: "天津职工医保",
            medicalType: "21")
        #expect(throws: refusal) { try TestEngines.shipped().settle(b) }
    }

    @Test("The 北京 retiree example: account, then mutual aid, then cash")
    func beijingRetireeAccountOrder() throws {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent("beijing-retiree-outpatient.json"))
        let r = try TestEngines.shipped().settle(try Bill.fromJSON(data, regions: try TestEngines.regionTable.get()))
        // psn = 2045 − 1700 = 345.00; account may pay 345 − 45 (丙类) = 300.00: own 120.00, mutual aid 100.00,
        // cash 80.00 + 45.00 = 125.00.
        #expect(r.personPartFen == fen("345.00"))
        #expect(r.accountPayFen == fen("120.00") && r.mutualAidPayFen == fen("100.00") && r.cashPayFen == fen("125.00"))
        #expect(r.accountBalanceAfterFen == .zero)
    }
}
