import Testing
import YibaoCore
import YibaoPolicy
@testable import YibaoSettlement

@Suite("Settlement explanation")
struct ExplanationTests {
    /// The example bill `examples/bills/shenzhen-tier1-inpatient.json`, built in Swift.
    static let inpatient = bill("440300", tier: "1", useAccount: true, balance: "500.00", items: [
        item("1", "7000.00"), item("2", "1000.00", .classB, share: "0.10"), item("3", "400.00"),
        item("4", "100.00", .classC),
    ])

    func lines(_ b: Bill, engine: SettlementEngine) throws -> [String] {
        let (r, steps) = try engine.settleExplained(b)
        return SettlementExplanation.lines(bill: b, result: r, steps: steps)
    }

    @Test("An inpatient explanation names the deductible by level and admission and shows each band's product")
    func inpatientExplanation() throws {
        let lines = try lines(Self.inpatient, engine: TestEngines.shipped())
        #expect(lines.contains { $0.contains("住院起付线 600.00 元（三级医院，本年第 1 次住院）") })
        #expect(lines.contains { $0.contains("× 90% =") })
        let band = "年度累计 600.00–8300.00 元：政策范围内 7700.00 元 × 90% = 6930.00 元由基本医疗保险统筹基金支付。"
        #expect(lines.contains { $0.hasSuffix(band) })
        #expect(lines.contains { $0.contains("第 4 项为丙类（目录外）项目，100.00 元全部自费。") })
        #expect(lines.contains { $0.contains("乙类项目 1 项共 1000.00 元，按先行自付比例个人先付 100.00 元。") })
        let account = "个人账户支付 500.00 元，现金支付 1070.00 元；个人账户余额 500.00 元 → 0.00 元"
        #expect(lines.contains { $0.contains(account) })
        // Lines are numbered 1, 2, 3 … in order.
        for (i, line) in lines.enumerated() { #expect(line.hasPrefix("\(i + 1). ")) }
    }

    @Test("A later admission names the admission number and the lower deductible")
    func laterAdmission() throws {
        let b = bill("440300", tier: "1", level: .level2, ytd: ytd(admissions: 2), items: [item("1", "1000.00")])
        let lines = try lines(b, engine: TestEngines.shipped())
        #expect(lines.contains { $0.contains("住院起付线 200.00 元（二级医院，本年第 3 次住院）") })
    }

    @Test("The retiree bonus and the 北京 bands are spelled out, one line per band")
    func bonusAndBands() throws {
        let engine = try TestEngines.shipped()
        let shenzhen = try lines(bill("440300", tier: "1", person: .retired, age: 67, med: .generalOutpatient,
            items: [item("1", "200.00")]), engine: engine)
        #expect(shenzhen.contains { $0.contains("200.00 元 × 60%（基础比例 55% 加 5%） = 120.00 元") })
        let before = ytd(inscp: "25000.00", hifp: "20145.00", deductible: "1300.00", admissions: 1)
        let beijing = try lines(bill("110100", ytd: before, items: [item("1", "20000.00")]), engine: engine)
        #expect(beijing.contains { $0.contains("4350.00 元 × 85% = 3697.50 元") })
        #expect(beijing.contains { $0.contains("10000.00 元 × 90% = 9000.00 元") })
        #expect(beijing.contains { $0.contains("5000.00 元 × 95% = 4750.00 元") })
        #expect(beijing.contains { $0.contains("住院起付线 650.00 元（三级医院，本年第 2 次住院）") })
    }

    @Test("A per-year deductible larger than the bill says how much is left and how much this bill bears")
    func perYearDeductibleShortfall() throws {
        let lines = try lines(bill("110100", person: .retired, age: 72, med: .generalOutpatient,
            items: [item("1", "1000.00")]), engine: TestEngines.shipped())
        #expect(lines.contains { $0.contains("年度起付线本年尚余 1300.00 元，本次计入起付线 1000.00 元") })
    }

    @Test("A cap that stops payment is explained with the cap, what was paid, and what was due")
    func capExplained() throws {
        let b = bill("440300", tier: "1", med: .generalOutpatient, level: .level1,
            ytd: ytd(outpatientHifp: "9810.01"), items: [item("1", "100.00")])
        let lines = try lines(b, engine: TestEngines.shipped())
        #expect(lines.contains {
            $0.contains("年度最高支付限额 9885.00 元，本年已支付 9810.01 元；按比例应付 75.00 元，"
                + "受限额限制实际支付 74.99 元。")
        })
    }

    @Test("A declared cap gap is said, not hidden")
    func capGapExplained() throws {
        let lines = try lines(Self.inpatient, engine: TestEngines.shipped())
        #expect(lines.contains { $0.contains("年度最高支付限额尚未配置") })
    }

    @Test("settle and settleExplained give the same figures")
    func sameFigures() throws {
        let engine = try TestEngines.shipped()
        let (explained, steps) = try engine.settleExplained(Self.inpatient)
        #expect(try engine.settle(Self.inpatient) == explained)
        #expect(!steps.isEmpty)
    }
}
