import Foundation
import Testing
import YibaoCore
import YibaoHelp
import YibaoPolicy
import YibaoStore
import YibaoPlatform

@Suite("Demo seed")
struct DemoSeedTests {
    /// The reason codes a demo person's `demonstrates` text names ("contribution_unpaid, waiting_period", "spent").
    static func codes(in text: String) -> Set<String> {
        let words = text.split { !($0.isASCII && ($0.isLetter || $0 == "_")) }.map(String.init)
        return Set(words).intersection(ReasonCode.allCases.map(\.rawValue))
    }

    @Test("The reason codes are read from a demonstrates text word by word")
    func codesAreWords() {
        #expect(Self.codes(in: "spent_by_relatives") == ["spent_by_relatives"])
        #expect(Self.codes(in: "contribution_unpaid, waiting_period") == ["contribution_unpaid", "waiting_period"])
        #expect(Self.codes(in: "waiting_period（居民医保断缴后缴费）") == ["waiting_period"])
        #expect(Self.codes(in: "北京退休 72 岁，每月 110.00 元").isEmpty)
    }

    @Test(
        "An empty store seeds 13 people, passes the audit, and each shows the reason it demonstrates",
        arguments: StoreKind.allCases)
    func seedDemo(kind: StoreKind) throws {
        let world = try World(kind, today: "2025-12-20")
        let people = try world.platform.seedDemo { "test-hash:\($0)" }
        #expect(people.count == 13)
        #expect(try world.store.read { try $0.personCount() } == 13)
        #expect(try world.platform.today() == DemoSeed.asOf)
        let audit = try world.platform.audit()
        #expect(audit.ok, "\(audit.violations)")
        #expect(audit.settlements > 0)
        for person in people {
            let view = try world.platform.balance(person: person.psnNo)
            let expected = Self.codes(in: person.demonstrates)
            if expected.isEmpty {
                #expect(view.codes == [], "\(person.name): \(view.codes)")
            } else {
                #expect(
                    expected.isSubset(of: Set(view.codes)),
                    "\(person.name) demonstrates \(expected), shows \(view.codes)")
            }
        }
        // A demo database refuses a second seed.
        #expect(throws: PlatformError.self) { _ = try world.platform.seedDemo { $0 } }
    }

    @Test("The demo's 北京 retiree aged 72 is credited 110.00 a month")
    func beijingRetiree() throws {
        let world = try World(today: "2025-12-20")
        let people = try world.platform.seedDemo { "test-hash:\($0)" }
        let zhao = try #require(people.first { $0.name == "赵秀英" })
        let credits = try world.platform.statement(person: zhao.psnNo).lines.filter {
            $0.code == TransferCode.credit.rawValue
        }
        #expect(credits.count == 11)
        #expect(credits.allSatisfy { $0.amountFen == fen("110.00") })
    }
}


@Suite("Personal answers in the help centre")
struct PersonalAnswerTests {
    @Test("A balance question with a person is answered from that person's records, with the reason and a source")
    func personalBalanceAnswer() throws {
        let store = try SQLiteStore()
        let platform = Platform(store: store, catalog: try PolicyCatalog.bundled(), regions: try RegionTable.bundled(),
            calendar: try WorkCalendar.bundled(), clock: .fixed(DemoSeed.asOf))
        let people = try platform.seedDemo(hashPassword: { _ in "x" })
        let tier2 = try #require(people.first { $0.name == "李娜" })
        let centre = try HelpCentre.bundled(records: BalanceRecords(platform: platform))
        let answer = try centre.ask("为什么我的医保个人账户余额显示一条杠", person: tier2.psnNo)
        #expect(answer.kind == .personal)
        #expect(answer.shortAnswer.contains("二档不设个人账户"))
        #expect(answer.shortAnswer.contains("—"))
        #expect(answer.region == "440300")
        #expect(answer.sources.contains { $0.urlOrDocument.contains("bendibao") })
        let other = try #require(people.first { $0.name == "王芳" })
        let pending = try centre.ask("我的个人账户怎么是0", person: other.psnNo)
        #expect(pending.kind == .personal)
        #expect(pending.shortAnswer.contains("首次划入尚未到账"))
    }
}

@Suite("Settlement result JSON")
struct SettleResultJSONTests {
    @Test("The hand-built JSON of a settlement result decodes to the same value as the encoder's, payers included")
    func handBuiltJSONMatchesTheEncoder() throws {
        let store = try SQLiteStore()
        let platform = Platform(store: store, catalog: try PolicyCatalog.bundled(), regions: try RegionTable.bundled(),
            calendar: try WorkCalendar.bundled(), clock: .fixed(DemoSeed.asOf))
        let people = try platform.seedDemo(hashPassword: { _ in "x" })
        let father = try #require(people.first { $0.name == "张建国" })
        let bill = Data("""
            {"med_type": "21", "medins_lv": "3", "setl_date": "2025-12-19", "acct_used_flag": "1",
             "items": [{"feedetl_sn": "1", "det_item_fee_sumamt": "3000.00", "chrgitm_lv": "01"}]}
            """.utf8)
        let result = try platform.settle(person: father.psnNo, bill: bill, key: "json-1")
        #expect(!result.mutualAidPayers.isEmpty)
        let decoded = try JSONDecoder().decode(SettleResult.self, from: Data(result.jsonText.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try encoder.encode(decoded) == encoder.encode(result))
    }
}
