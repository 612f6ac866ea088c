import Testing

@testable import YibaoHelp

@Suite struct AnalyzerTests {
    @Test func fullWidthLettersDigitsAndCaseAreNormalised() {
        #expect(Analyzer.normalized("ＡＰＰ１２３９３　医保") == "app12393 医保")
        let plain = Analyzer.plain
        #expect(plain.terms("ＡＰＰ") == plain.terms("app"))
    }

    @Test func chineseRunsGiveOverlappingBigramsAndALoneCharacterItsUnigram() {
        let plain = Analyzer.plain
        #expect(plain.terms("个人账户") == ["个人", "人账", "账户"])
        #expect(plain.terms("卡，余额") == ["卡", "余额"])
    }

    @Test func punctuationSeparatesRunsSoNoBigramCrossesIt() {
        #expect(!Analyzer.plain.terms("医保，卡").contains("保卡"))
    }

    @Test func asciiWordsAndNumbersAreTermsAndDecimalsStayWhole() {
        let terms = Analyzer.plain.terms("拨打12393，每月124.72元，app查询")
        #expect(terms.contains("12393"))
        #expect(terms.contains("124.72"))
        #expect(terms.contains("app"))
    }

    @Test func lexiconWordsAreAddedBesideTheBigrams() throws {
        let terms = try Fixtures.analyzer().terms("职工医保个人账户")
        #expect(terms.contains("个人账户"))
        #expect(terms.contains("人账"))
        #expect(!Analyzer.plain.terms("职工医保个人账户").contains("个人账户"))
    }

    @Test func synonymsShareOneTerm() throws {
        let analyzer = try Fixtures.analyzer()
        // The whole-word term of each (社保 and 医保 are words of their own as well).
        let social = analyzer.tokens("社保卡").filter { Analyzer.isWord($0.term) && $0.start == 0 && $0.end == 3 }
        let medical = analyzer.tokens("医保卡").filter { Analyzer.isWord($0.term) && $0.start == 0 && $0.end == 3 }
        #expect(social.count == 1)
        #expect(social.map(\.term) == medical.map(\.term))
        #expect(analyzer.text(ofTerm: social[0].term) == "医保卡")
    }

    @Test func aDashAndHengGangMeanADash() throws {
        let analyzer = try Fixtures.analyzer()
        #expect(analyzer.terms("余额显示—").contains("一条杠"))
        #expect(analyzer.terms("余额显示横杠").contains("一条杠"))
        #expect(analyzer.terms("余额显示“-”").contains("一条杠"))
    }

    @Test func aHyphenBetweenDigitsIsARangeNotADash() throws {
        #expect(!(try Fixtures.analyzer().terms("1-2个月到账")).contains("一条杠"))
    }

    @Test func tokensCarryTheirPositionInTheText() {
        let tokens = Analyzer.plain.tokens("医保ａｐｐ")
        #expect(tokens.map(\.start) == [0, 2])
        #expect(tokens.map(\.end) == [2, 5])
    }

    @Test func stopwordsNeverSilenceALexiconWord() throws {
        let analyzer = try Fixtures.analyzer()
        let words = analyzer.tokens("个人账户余额").filter { Analyzer.isWord($0.term) }
        #expect(!words.isEmpty)
        #expect(words.allSatisfy { !analyzer.stopTerms.contains($0.term) })
        #expect(analyzer.tokens("怎么").allSatisfy { analyzer.stopTerms.contains($0.term) })
    }

    @Test func theKeyTableFindsWhatWasSetAcrossGrowthAndForgetsOnRemoveAll() {
        var table = U64Table()
        for k in 0..<1_000 { table.set(UInt64(k) * 7_919, Int32(k)) }
        #expect(table.count == 1_000)
        #expect(table[7_919 * 999] == 999)
        #expect(table[1] == nil)
        table.set(0, 42)
        #expect(table[0] == 42)
        #expect(table.count == 1_000)
        table.removeAll()
        #expect(table[7_919] == nil)
        #expect(table.count == 0)
    }
}
