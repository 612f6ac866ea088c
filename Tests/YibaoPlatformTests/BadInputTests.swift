import Foundation
import Testing
import YibaoCore
import YibaoPlatform

/// Every refusal is a typed error with a Chinese message, and leaves the database as it was.
@Suite("Bad input is refused and writes nothing")
struct BadInputTests {
    /// Runs `body`, expects `expected`, checks the message names `fragment`, and that nothing was written.
    func expectRefused<R>(
        _ expected: PlatformError, message fragment: String, in world: World,
        sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> R
    ) throws {
        let before = try world.snapshot()
        let error = #expect(throws: PlatformError.self, sourceLocation: sourceLocation) { _ = try body() }
        #expect(error == expected, sourceLocation: sourceLocation)
        #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "")", sourceLocation: sourceLocation)
        #expect(try world.snapshot() == before, sourceLocation: sourceLocation)
    }

    func world() throws -> (World, String) {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("张伟", id: idNumber(1))
        return (world, psn)
    }

    @Test("An unknown person is not found, and an ID number in the message is masked")
    func unknownPerson() throws {
        let (world, _) = try world()
        let stranger = idNumber(99)
        let masked = String(stranger.prefix(6)) + "********" + String(stranger.suffix(4))
        try expectRefused(.personNotFound(masked), message: "未找到参保人", in: world) {
            try world.platform.postContribution(ContributionRequest(person: stranger, month: "2025-06"), key: "k")
        }
        try expectRefused(.personNotFound("440300nobody"), message: "未找到参保人“440300nobody”", in: world) {
            try world.platform.balance(person: "440300nobody")
        }
    }

    @Test("An ID number with a wrong check character is refused")
    func badCheckCharacter() throws {
        let (world, _) = try world()
        let good = idNumber(2)
        let bad = String(good.dropLast()) + (good.last == "0" ? "1" : "0")
        try expectRefused(.invalidIDNumber(.checkCharacterMismatch), message: "身份证号码校验位不正确", in: world) {
            try world.platform.enrol(
                EnrolRequest(
                    idNumber: bad, name: "王芳", region: "440300", insuranceType: .employeeBasic,
                    tier: "1", personType: .inService, base: "9000.00", start: "2025-06-01"), key: "bad-id")
        }
    }

    @Test("A month after this one is refused; this month is accepted")
    func monthInFuture() throws {
        let (world, psn) = try world()
        try expectRefused(.monthInFuture("2025-07"), message: "尚未到来", in: world) {
            try world.platform.postContribution(ContributionRequest(person: psn, month: "2025-07"), key: "july")
        }
        try expectRefused(.monthInFuture("2025-07"), message: "尚未到来", in: world) {
            try world.platform.runCrediting(month: "2025-07")
        }
        #expect(
            try world.platform.postContribution(ContributionRequest(person: psn, month: "2025-06"), key: "june").month
                == "2025-06")
    }

    @Test("A negative base is refused at enrolment and with a contribution")
    func negativeBase() throws {
        let (world, psn) = try world()
        let reason = "金额“-1.00”不能为负数。"
        try expectRefused(.invalidAmount(field: "缴费基数", reason: reason), message: "缴费基数 金额无效", in: world) {
            try world.platform.enrol(
                EnrolRequest(
                    idNumber: idNumber(3), name: "王芳", region: "440300",
                    insuranceType: .employeeBasic, tier: "1", personType: .inService, base: "-1.00", start: "2025-06-01"
                ), key: "neg")
        }
        try expectRefused(.invalidAmount(field: "缴费基数", reason: reason), message: "不能为负数", in: world) {
            try world.platform.postContribution(
                ContributionRequest(person: psn, month: "2025-06", base: "-1.00"), key: "neg")
        }
    }

    @Test("A relation outside the allowed list, and a grant to oneself, are refused")
    func badGrants() throws {
        let (world, psn) = try world()
        let friend = try world.enrol("李四", id: idNumber(4))
        let before = try world.snapshot()
        try expectRefused(.relationNotAllowed("朋友"), message: "亲属关系“朋友”不在", in: world) {
            try world.platform.grantFamily(holder: psn, relative: friend, relation: "朋友", key: "friend")
        }
        try expectRefused(.grantToSelf, message: "不能授权给本人", in: world) {
            try world.platform.grantFamily(holder: psn, relative: psn, relation: "配偶", key: "self")
        }
        // The other side: a relation on the list is accepted.
        _ = try world.platform.grantFamily(holder: psn, relative: friend, relation: "兄弟姐妹", key: "sibling")
        #expect(try world.snapshot() != before)
    }

    @Test("A settlement is reversed once, and a reversal is never reversed")
    func badReversals() throws {
        let (world, psn) = try world()
        try world.payAndCredit(psn, months: ["2025-05"])
        try world.pin("2025-06-20")
        let settled = try world.platform.settle(
            person: psn, bill: bill(date: "2025-06-20", items: [("100.00", "01")]), key: "s")
        let reversal = try world.platform.reverse(settlement: settled.setl_id, key: "r1")
        try expectRefused(.settlementAlreadyReversed(settled.setl_id), message: "已经冲正，不能重复冲正", in: world) {
            try world.platform.reverse(settlement: settled.setl_id, key: "r2")
        }
        try expectRefused(.cannotReverseReversal(reversal.setl_id), message: "是冲正记录，不能再冲正", in: world) {
            try world.platform.reverse(settlement: reversal.setl_id, key: "r3")
        }
        try expectRefused(.settlementNotFound("S000"), message: "未找到结算记录", in: world) {
            try world.platform.reverse(settlement: "S000", key: "r4")
        }
        #expect(try world.platform.audit().ok)
    }

    @Test("杭州 has no policy pack, so nobody is enrolled there")
    func regionWithoutPack() throws {
        let (world, _) = try world()
        try expectRefused(.regionNotConfigured(region: "330100", year: 2025), message: "没有 2025 年度的政策参数", in: world) {
            try world.platform.enrol(
                EnrolRequest(
                    idNumber: idNumber(5, prefix: "330102"), name: "钱塘", region: "330100",
                    insuranceType: .employeeBasic, personType: .inService, base: "9000.00", start: "2025-06-01"),
                key: "hz")
        }
    }

    @Test("A tier the region does not have is refused, at enrolment and in a change")
    func unknownTier() throws {
        let (world, psn) = try world()
        let expected = PlatformError.schemeNotConfigured(region: "440300", insuranceType: "310", tier: "3")
        try expectRefused(expected, message: "未配置险种 310 第 3 档", in: world) {
            try world.platform.enrol(
                EnrolRequest(
                    idNumber: idNumber(6), name: "王芳", region: "440300",
                    insuranceType: .employeeBasic, tier: "3", personType: .inService, base: "9000.00",
                    start: "2025-06-01"), key: "t3")
        }
        try expectRefused(expected, message: "未配置险种", in: world) {
            try world.platform.changeInsurance(
                InsuranceChangeRequest(person: psn, effective: "2025-06-01", tier: "3"), key: "t3")
        }
    }
}
