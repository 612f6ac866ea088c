import Testing

@testable import YibaoHelp

@Suite struct HelpEvaluationTests {
    @Test func theQuestionFileIsParsedWithDashAndFactLists() throws {
        let rows = try HelpEvaluation.parse(try Fixtures.text("questions.tsv"))
        #expect(rows.count == 5)
        #expect(rows[0].expectedArticle == "dash-causes")
        #expect(rows[3].expectedArticle == nil)
        #expect(rows[3].requiredFacts == ["8460.00"])
        #expect(rows[4].kind == "no_data")
    }

    @Test func aLineWithoutTabsIsAMalformedLine() {
        #expect(throws: HelpError.evalMalformedLine(line: 2, reason: "至少需要“问题”和“期望文章”两列（以制表符分隔）。")) {
            try HelpEvaluation.parse("question\texpected_article\trequired_facts\tkind\n只有问题\n")
        }
    }

    @Test func theFixtureSetScoresFullMarks() throws {
        let rows = try HelpEvaluation.parse(try Fixtures.text("questions.tsv"))
        let report = HelpEvaluation.run(rows, asker: try Fixtures.centre().asker)
        #expect(report.ranked == 3)
        #expect(report.top1Rate == 1 && report.top3Rate == 1 && report.meanReciprocalRank == 1)
        #expect(report.factCoverage == 1, "\(report.misses.map(\.question))")
        #expect(report.kindAccuracy == 1, "\(report.misses.map { "\($0.question) \($0.kind)" })")
    }

    @Test func factsAreComparedWithoutSpacesOrWidthDifferences() {
        #expect(HelpEvaluation.comparable("每月 124.72 元").contains(HelpEvaluation.comparable("124.72元")))
        #expect(HelpEvaluation.comparable("３ 个月") == "3个月")
    }

    /// The quality bar of the issue, on the bundled corpus and question set: ≥ 90% top-3 and ≥ 90% facts.
    @Test func theBundledQuestionSetMeetsTheQualityBar() throws {
        let centre = try HelpCentre.bundled()
        let report = HelpEvaluation.run(try HelpEvaluation.bundledQuestions(), asker: centre.asker)
        #expect(report.questions >= 50)
        #expect(report.top3Rate >= 0.9, "top-3 \(report.top3Rate)")
        #expect(report.factCoverage >= 0.9, "facts \(report.factCoverage)")
    }
}
