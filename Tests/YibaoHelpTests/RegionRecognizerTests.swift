import Testing
import YibaoCore

@testable import YibaoHelp

@Suite struct RegionRecognizerTests {
    func recognizer() throws -> RegionRecognizer {
        RegionRecognizer(
            table: try #require(Fixtures.regions), exclusions: try #require(Fixtures.resources).regionExclusions)
    }

    func scope(_ question: String) throws -> RegionScope? {
        guard case .found(let scope) = try recognizer().recognize(question) else { return nil }
        return scope
    }

    @Test func aCityIsFoundByItsShortAndFullName() throws {
        #expect(try scope("深圳医保个人账户")?.answerCode == "440300")
        #expect(try scope("广州市医保个人账户每个月能打入多少钱")?.answerCode == "440100")
    }

    @Test func aCountyResolvesToItsPoolingRegion() throws {
        let s = try #require(try scope("罗湖区医保怎么报销"))
        #expect(s.region.code == "440303")
        #expect(s.answerCode == "440300")
        #expect(try scope("罗湖医保")?.answerCode == "440300")
    }

    @Test func theMostSpecificPlaceWinsCountyThenCityThenProvince() throws {
        #expect(try scope("广东深圳罗湖的医保")?.region.code == "440303")
        #expect(try scope("广东深圳的医保")?.region.code == "440300")
        #expect(try scope("广东医保")?.region.code == "440000")
    }

    @Test func aProvinceHasNoPoolingRegionSoItsOwnCodeIsGiven() throws {
        let s = try #require(try scope("广东省医保缴费"))
        #expect(s.pooling == nil)
        #expect(s.answerCode == "440000")
    }

    @Test func anAmbiguousNameIsAskedBack() throws {
        guard case .ambiguous(let name, let candidates) = try recognizer().recognize("朝阳医保报销比例") else {
            Issue.record("朝阳 was not found ambiguous")
            return
        }
        #expect(name == "朝阳")
        #expect(candidates.map(\.code).contains("110105"))
        #expect(candidates.map(\.code).contains("211300"))
    }

    @Test func anotherNamedPlaceSettlesAnAmbiguousName() throws {
        #expect(try scope("北京朝阳医保报销比例")?.region.code == "110105")
        // 吉林 is both a province and a city; next to 四平 it is the province.
        #expect(try scope("2025年吉林四平做青光眼手术能走医保吗")?.region.code == "220300")
    }

    @Test func ordinaryWordsThatAreAlsoPlaceNamesAreNotPlaces() throws {
        #expect(try recognizer().recognize("比如合作医疗怎么报销") == .none)
        #expect(try recognizer().recognize("市中心医院住院") == .none)
    }

    @Test func aQuestionWithoutAPlaceHasNone() throws {
        #expect(try recognizer().recognize("医保卡家庭共济和亲情账户的区别") == .none)
    }
}
