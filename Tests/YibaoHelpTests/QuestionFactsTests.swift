import Testing
import YibaoCore

@testable import YibaoHelp

@Suite struct QuestionFactsTests {
    @Test func amountsAreReadInDigitsWithUnitsAndInChineseNumerals() {
        #expect(QuestionRouter.facts("住院花了1万元能报多少").amountFen == Fen(yuan: 10_000))
        #expect(QuestionRouter.facts("住院花了2.5万能报多少").amountFen == Fen(yuan: 25_000))
        #expect(QuestionRouter.facts("门诊花了五千块能报多少").amountFen == Fen(yuan: 5_000))
        #expect(QuestionRouter.facts("门诊花了3000元").amountFen == Fen(yuan: 3_000))
        #expect(QuestionRouter.facts("门诊花了１２０．５元").amountFen == Fen(12_050))
    }

    @Test func yearsCountsAndRangesAreNotAmounts() {
        #expect(QuestionRouter.facts("2025年医保缴费基数").amountFen == nil)
        #expect(QuestionRouter.facts("1-2个月到账").amountFen == nil)
        #expect(QuestionRouter.facts("拨打12393").amountFen == nil)
    }

    @Test func aBaseIsTheAmountAfterBaseOrWage() {
        let f = QuestionRouter.facts("缴费基数8000元，个人账户每月划入多少")
        #expect(f.baseFen == Fen(yuan: 8_000))
        #expect(f.amountFen == nil)
        #expect(f.topics.first == .monthlyCredit)
    }

    @Test func personTierLevelAndAdmissionAreRead() {
        let f = QuestionRouter.facts("深圳二档退休，三级医院今年第二次住院")
        #expect(f.personType == .retired)
        #expect(f.tier == "2")
        #expect(f.level == .level3)
        #expect(f.medicalType == .generalInpatient)
        #expect(f.admissionNumber == 2)
        #expect(f.isSpecificCase)
    }

    @Test func lapseAndBackPaidYearsAreRead() {
        let f = QuestionRouter.facts("居民医保断缴了5年，补缴了4年，等待期多久")
        #expect(f.lapseYears == 5)
        #expect(f.backPaidYears == 4)
        #expect(f.topics.contains(.waitingPeriod))
    }

    @Test func aGeneralQuestionIsNotASpecificCase() {
        let f = QuestionRouter.facts("深圳住院起付线是多少")
        #expect(f.topics == [.deductible])
        #expect(!f.isSpecificCase)
    }

    @Test func anAmountWithoutABillWordIsNotAnEstimate() {
        #expect(!QuestionRouter.facts("上海门诊自付段1500元是什么意思").topics.contains(.billEstimate))
        #expect(QuestionRouter.facts("三级医院住院花了1万元能报多少").topics.first == .billEstimate)
    }
}
