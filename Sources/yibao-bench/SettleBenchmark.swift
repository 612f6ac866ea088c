import Foundation
import YibaoCore
import YibaoPolicy
import YibaoSettlement

/// Settles a stream of realistic 10-item bills on one core, against a bare loop over the same items.
struct SettleBenchmark {
    let billsTotal: Int
    let distinctBills = 4_096

    init(arguments: [String]) {
        billsTotal = option("bills", in: arguments, default: 3_000_000)
    }

    /// Outpatient and inpatient bills for 深圳 (一档, 二档, residents) and 北京, with a mix of 甲/乙/丙 items,
    /// price caps and year-to-date accumulators, as a hospital's day would send them.
    func makeBills() -> [Bill] {
        var rng = SplitMix64(seed: 20_251_122)
        let shapes: [(String, InsuranceType, String?)] = [
            ("440300", .employeeBasic, "1"), ("440300", .employeeBasic, "2"), ("440300", .residentsBasic, nil),
            ("110100", .employeeBasic, nil),
        ]
        var bills: [Bill] = []
        for i in 0..<distinctBills {
            let (region, type, tier) = shapes[i % shapes.count]
            let inpatient = rng.next() % 3 == 0
            var items: [BillItem] = []
            for n in 0..<10 {
                let level: ChargeItemLevel = [.classA, .classA, .classA, .classB, .classB, .classC][Int(rng.next() % 6)]
                let amount = Fen(Int64(rng.next() % (inpatient ? 300_000 : 30_000)) + 100)
                items.append(BillItem(serial: String(n + 1), amountFen: amount, level: level,
                    selfPayShareBps: level == .classB ? Bps(1000) : nil,
                    unitPriceCapFen: n == 0 ? Fen(amount.value - 50) : nil))
            }
            var ytd = YearToDate()
            ytd.inScopeCumulativeFen = Fen(Int64(rng.next() % 5_000_000))
            ytd.admissions = Int(rng.next() % 3)
            ytd.outpatientPooledPaidFen = Fen(Int64(rng.next() % 200_000))
            ytd.outpatientDeductiblePaidFen = Fen(Int64(rng.next() % 200_000))
            bills.append(Bill(
                insuredRegion: region, insuranceType: type, tier: tier,
                personType: rng.next() % 4 == 0 ? .retired : .inService, age: 20 + Int(rng.next() % 70),
                medicalType: inpatient ? .generalInpatient : .generalOutpatient,
                institutionLevel: InstitutionLevel.allCases[Int(rng.next() % 4)],
                date: CalendarDate(year: 2025, month: 6, day: 1)!, useAccount: true,
                accountBalanceFen: Fen(Int64(rng.next() % 500_000)), yearToDate: ytd, items: items))
        }
        return bills
    }

    func run() throws {
        let engine = SettlementEngine(catalog: try PolicyCatalog.bundled())
        let bills = makeBills()
        for bill in bills { _ = try engine.settle(bill) }  // warm-up, and every bill must settle
        let clock = ContinuousClock()

        var checksum: Int64 = 0
        let settleTime = try clock.measure {
            for i in 0..<billsTotal {
                let r = try engine.settle(bills[i & (distinctBills - 1)])
                checksum &+= r.fundTotalFen.value
            }
        }
        blackHole(checksum)

        var baselineSum: Int64 = 0
        let baselineTime = clock.measure {
            for i in 0..<billsTotal {
                for item in bills[i & (distinctBills - 1)].items { baselineSum &+= item.amountFen.value }
            }
        }
        blackHole(baselineSum)

        let settleRate = Double(billsTotal) / settleTime.seconds
        let baselineRate = Double(billsTotal) / baselineTime.seconds
        print("bills=\(billsTotal)")
        print("items_per_bill=10")
        print("settle_bills_per_s=\(Int(settleRate))")
        print("baseline_bills_per_s=\(Int(baselineRate))")
        print("settle_to_baseline_ratio=\(String(format: "%.4f", settleRate / baselineRate))")
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
