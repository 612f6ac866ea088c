import Foundation
import Testing
import YibaoCore
import YibaoPolicy

/// Reads a pack from `Tests/YibaoPolicyTests/Fixtures`.
func fixturePack(_ name: String) throws -> PolicyPack {
    let text = try String(contentsOf: try fixtureURL(name), encoding: .utf8)
    return try PolicyPack(toml: text, fileName: name)
}

func fixtureURL(_ name: String) throws -> URL {
    let folder = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return folder.appendingPathComponent(name)
}

/// The error a fixture fails to read with, or a recorded issue if it reads.
func readError(_ name: String) throws -> PolicyPackError {
    let text = try String(contentsOf: try fixtureURL(name), encoding: .utf8)
    return try #require(throws: PolicyPackError.self) { try PolicyPack(toml: text, fileName: name) }
}

@Suite("Policy pack fixtures")
struct PolicyPackFixtureTests {
    @Test("The minimal valid fixture reads and has no problems")
    func validMinimal() throws {
        let pack = try fixturePack("valid-minimal.toml")
        #expect(PolicyValidator.problems(in: pack).map(\.message) == [])
        #expect(pack.region == "440300" && pack.year == 2025 && pack.regionName == "深圳市")
        #expect(pack.schemes.map(\.id) == ["employee_1", "employee_2"])
        #expect(pack.sources["SZ5"]?.date == "2024-01-01")
        #expect(pack.gaps.map(\.part) == ["inpatient.caps"])
        let inpatient = try #require(pack.schemes.first?.benefit(for: .generalInpatient))
        #expect(inpatient.bands.map(\.upToFen) == [Fen(5_000_000), nil])
        #expect(inpatient.deductibleBasis == .perAdmission)
    }

    @Test("Band upper bounds equal to or below the previous one are each reported")
    func bandsNotAscending() throws {
        let problems = PolicyValidator.problems(in: try fixturePack("bands-not-ascending.toml"))
        #expect(problems.map(\.path) == [
            "schemes.employee_1.inpatient.bands[1].up_to", "schemes.employee_1.inpatient.bands[2].up_to",
        ])
        #expect(problems.allSatisfy { $0.problem.contains("递增") && $0.file == "bands-not-ascending.toml" })
    }

    @Test("A ratio of 120% is refused where it is written")
    func ratioOver100() throws {
        let error = try readError("ratio-over-100.toml")
        #expect(error.path == "schemes.employee_1.inpatient.bands[0].ratios[0].ratio")
        #expect(error.problem.contains("120%"))
        #expect(error.problem.contains("100%"))
        #expect(error.file == "ratio-over-100.toml")
    }

    @Test("A source key missing from [sources] is refused, naming the key")
    func unknownSource() throws {
        let error = try readError("unknown-source.toml")
        #expect(error.path == "schemes.employee_1.source")
        #expect(error.problem.contains("SZ99"))
        #expect(error.problem.contains("[sources]"))
    }

    @Test("A misspelt key is refused instead of silently ignored")
    func unknownKey() throws {
        let error = try readError("unknown-key.toml")
        #expect(error.path == "schemes.employee_1.contributions.flexable_rate")
        #expect(error.problem.contains("未知字段"))
        #expect(error.problem.contains("flexible_rate"))
    }

    @Test("Ratio rules that miss retired people at level 3 hospitals are reported")
    func retiredLevel3Uncovered() throws {
        let problems = PolicyValidator.problems(in: try fixturePack("retired-level3-uncovered.toml"))
        let problem = try #require(problems.first)
        #expect(problems.count == 1)
        #expect(problem.path == "schemes.employee_1.inpatient.bands[0].ratios")
        #expect(problem.problem.contains(PersonType.retired.label))
        #expect(problem.problem.contains(InstitutionLevel.level3.label))
    }

    @Test("A benefit without a confidence is refused")
    func missingConfidence() throws {
        let error = try readError("missing-confidence.toml")
        #expect(error.path == "schemes.employee_1.inpatient.confidence")
        #expect(error.problem.contains("缺少"))
    }

    @Test("An amount with three decimals is refused with the money parser's reason")
    func amountTooManyDecimals() throws {
        let error = try readError("amount-too-many-decimals.toml")
        #expect(error.path == "schemes.employee_1.inpatient.deductible.amounts[0].first")
        #expect(error.problem.contains("600.005"))
        #expect(error.problem.contains(FenParseError.tooManyDecimals("600.005").message))
    }

    @Test("A scheme without a personal account that credits one is reported")
    func creditsWithoutAccount() throws {
        let problems = PolicyValidator.problems(in: try fixturePack("credits-without-account.toml"))
        #expect(problems.map(\.path) == ["schemes.employee_1.crediting"])
        #expect(problems.first?.problem.contains("个人账户") == true)
    }

    @Test("Text that is not TOML is refused as a syntax error with no path")
    func syntaxError() throws {
        let error = try readError("syntax-error.toml")
        #expect(error.path == "")
        #expect(error.problem.contains("TOML"))
        #expect(error.message.hasPrefix("政策包 syntax-error.toml 无效"))
    }

    @Test("An error message names the file and the path")
    func errorMessageNamesFileAndPath() throws {
        let error = try readError("unknown-source.toml")
        #expect(error.code == "policy_pack_invalid")
        #expect(error.message.contains("unknown-source.toml"))
        #expect(error.message.contains("schemes.employee_1.source"))
    }

    @Test("Changing one figure of the valid fixture is enough to break it, so the fixtures test what they claim")
    func mutationsOfValidFixtureFail() throws {
        let text = try String(contentsOf: try fixtureURL("valid-minimal.toml"), encoding: .utf8)
        let mutations: [(from: String, to: String, path: String)] = [
            (#"ratio = "90%""#, #"ratio = "100.01%""#, "schemes.employee_1.inpatient.bands[0].ratios[3].ratio"),
            (#"share_of_base = "2%""#, #"share_of_bse = "2%""#, "schemes.employee_1.crediting.in_service.share_of_bse"),
            (#"year = 2025"#, #"year = 1999"#, "pack.year"),
            (#"region = "440300""#, #"region = "44030""#, "pack.region"),
            (#"first = "600.00""#, #"first = "-600.00""#, "schemes.employee_1.inpatient.deductible.amounts[2].first"),
        ]
        for m in mutations {
            let broken = text.replacingOccurrences(of: m.from, with: m.to)
            #expect(broken != text, "mutation \(m.from) did not apply")
            let error = try #require(throws: PolicyPackError.self, "\(m.from)") {
                try PolicyPack(toml: broken, fileName: "mutated.toml")
            }
            #expect(error.path == m.path, "\(m.from): \(error.message)")
        }
        #expect(try PolicyPack(toml: text.replacingOccurrences(of: #"ratio = "90%""#, with: #"ratio = "100%""#),
            fileName: "mutated.toml").schemes.count == 2)
    }
}
