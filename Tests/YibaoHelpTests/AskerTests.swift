import Foundation
import Testing

@testable import YibaoHelp

/// Personal records stubbed for tests: one person on 深圳二档.
struct StubRecords: PersonalRecords {
    func balanceAnswer(person: String) throws -> PersonalAnswer? {
        guard person == "P1" else { return nil }
        return PersonalAnswer(
            shortAnswer: "您参加的是深圳二档，二档不设个人账户，所以显示为 0。",
            points: ["参保档次：职工医保二档（2023-01 起）。"],
            sources: [AnswerSource(title: "深圳医保二档说明", urlOrDocument: "https://example.org/sz")], region: "440300")
    }
}

struct FailingRecords: PersonalRecords {
    struct Broken: Error {}
    func balanceAnswer(person: String) throws -> PersonalAnswer? { throw Broken() }
}

@Suite struct AskerTests {
    @Test func aBalanceQuestionWithAPersonIsAnsweredFromTheirRecords() throws {
        let answer = try Fixtures.centre(records: StubRecords()).ask("我的医保余额为什么是0", person: "P1")
        #expect(answer.kind == .personal)
        #expect(answer.shortAnswer.contains("二档不设个人账户"))
        #expect(answer.region == "440300")
        #expect(answer.sources.count == 1)
    }

    @Test func aPersonTheRecordsDoNotKnowGetsTheGeneralAnswer() throws {
        let answer = try Fixtures.centre(records: StubRecords()).ask("医保余额显示一条杠是什么原因", person: "P2")
        #expect(answer.kind == .article)
        #expect(answer.articleID == "dash-causes")
    }

    @Test func withoutRecordsAPersonalQuestionSaysTheyAreNotAvailable() throws {
        let answer = try Fixtures.centre().ask("医保余额显示一条杠是什么原因", person: "P1")
        #expect(answer.kind == .noData)
        #expect(answer.shortAnswer.contains("尚未接入个人参保记录"))
        #expect(answer.points.contains { $0.contains("不设个人账户") })
    }

    @Test func aFailureOfTheRecordsIsATypedError() throws {
        #expect(throws: HelpError.self) {
            try Fixtures.centre(records: FailingRecords()).ask("我的医保余额为什么是0", person: "P1")
        }
    }

    @Test func aBillEstimateRunsTheSettlementEngineAndSaysWhatItAssumed() throws {
        let answer = try Fixtures.centre().ask("深圳一档在职，三级医院住院花了1万元能报多少")
        #expect(answer.kind == .calculation)
        #expect(answer.region == "440300")
        #expect(answer.shortAnswer.contains("8460.00"))
        #expect(answer.shortAnswer.contains("1540.00"))
        #expect(answer.points.first?.hasPrefix("假设：") == true)
        #expect(answer.sources.contains { $0.urlOrDocument.hasPrefix("https://") })
        #expect(answer.disclaimer == AskAnswer.healthDisclaimer)
    }

    @Test func aSecondAdmissionUsesTheLaterDeductible() throws {
        let answer = try Fixtures.centre().ask("深圳二档在职，40岁，今年第二次住院，二级医院，政策范围内5000元，统筹能报多少")
        #expect(answer.shortAnswer.contains("4368.00"))
    }

    @Test func aMonthlyCreditWithABaseIsCalculatedFromThePack() throws {
        let answer = try Fixtures.centre().ask("广州在职，缴费基数6236元，医保卡每月划入多少")
        #expect(answer.kind == .calculation)
        #expect(answer.shortAnswer.contains("124.72"))
        #expect(answer.disclaimer == nil)
    }

    @Test func aRetiredCreditForAnAgeTakesTheAgeBand() throws {
        let answer = try Fixtures.centre().ask("北京退休职工今年72岁，个人账户每月划入多少")
        #expect(answer.kind == .calculation)
        #expect(answer.shortAnswer.contains("110.00"))
    }

    @Test func aResidentsWaitingPeriodIsCalculatedFromTheNationalRule() throws {
        let answer = try Fixtures.centre().ask("居民医保断缴了5年，补缴了4年，重新参保后等待期多久")
        #expect(answer.kind == .calculation)
        #expect(answer.text.contains("共 6 个月"))
    }

    @Test func aGeneralQuestionIsAnsweredByTheBestArticleWithSourcesAndRelated() throws {
        let answer = try Fixtures.centre().ask("医保卡丢了怎么补办")
        #expect(answer.kind == .article)
        #expect(answer.articleID == "card-lost")
        #expect(answer.shortAnswer == "医保卡丢失后先挂失，再到经办网点或线上渠道补卡。")
        #expect(answer.points == ["先打电话挂失。", "带身份证到网点补卡，或在线上申请邮寄。"])
        #expect(
            answer.sources == [
                AnswerSource(
                    title: "测试来源：补卡", urlOrDocument: "https://example.org/card",
                    date: "2025-06-01", confidence: "official")
            ])
        #expect(!answer.related.contains { $0.id == "card-lost" })
        #expect(answer.disclaimer == nil)
    }

    @Test func relatedArticlesOfAnAnswerLeaveOutNearDuplicatesOfIt() throws {
        let answer = try Fixtures.centre().ask("医保卡家庭共济和亲情账户的区别")
        let shown = try #require(answer.articleID)
        #expect(["family-aid", "family-aid-copy"].contains(shown))
        #expect(!answer.related.contains { $0.id == "family-aid" || $0.id == "family-aid-copy" })
    }

    @Test func aHealthArticleCarriesTheDisclaimer() throws {
        let answer = try Fixtures.centre().ask("青光眼手术能走医保吗")
        #expect(answer.articleID == "glaucoma")
        #expect(answer.disclaimer == "本内容不能代替面诊，如有不适请尽快就医。")
    }

    @Test func aRegionWithoutDataSaysSoAndNeverUsesAnotherRegionsFigures() throws {
        let answer = try Fixtures.centre().ask("拉萨医保个人账户每月划入多少钱")
        #expect(answer.kind == .noData)
        #expect(answer.region == "540100")
        #expect(answer.shortAnswer.contains("暂无该地区的数据"))
        #expect(!answer.text.contains("160.42") && !answer.text.contains("深圳"))
    }

    @Test func aGapInARegionsPackIsNoDataWithTheNationalRule() throws {
        // 佛山's pack declares its crediting figures missing.
        let answer = try Fixtures.centre().ask("佛山职工医保在职，缴费基数8000元，个人账户每月划入多少")
        #expect(answer.kind == .noData)
        #expect(answer.shortAnswer.contains("暂无该地区的数据"))
        #expect(answer.points.contains { $0.hasPrefix("全国规则：") })
    }

    @Test func anAmbiguousPlaceIsAskedBack() throws {
        let answer = try Fixtures.centre().ask("朝阳医保住院报销比例是多少")
        #expect(answer.kind == .clarify)
        #expect(answer.region == nil)
        #expect(answer.candidates?.map(\.code).contains("110105") == true)
    }

    @Test func aQuestionNothingAnswersIsNoData() throws {
        let answer = try Fixtures.centre().ask("护照怎么办理")
        #expect(answer.kind == .noData)
    }

    @Test func theJSONHasRegionNullAndLeavesOutAnAbsentDisclaimer() throws {
        let answer = try Fixtures.centre().ask("医保卡丢了怎么补办")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(answer)) as? [String: Any])
        #expect(object["region"] is NSNull)
        #expect(object["disclaimer"] == nil)
        #expect(object["kind"] as? String == "article")
        #expect(
            Set(object.keys).isSuperset(of: [
                "question", "region", "kind", "short_answer", "points", "sources", "related",
            ]))
        let source = try #require((object["sources"] as? [[String: Any]])?.first)
        #expect(source["url_or_doc"] as? String == "https://example.org/card")
    }

    @Test func anOverlongQuestionIsRefused() throws {
        #expect(throws: HelpError.queryTooLong(characters: 201)) {
            try Fixtures.centre().ask(String(repeating: "问", count: 201))
        }
    }
}
