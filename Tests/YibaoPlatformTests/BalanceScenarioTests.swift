import Foundation
import Testing
import YibaoCore
import YibaoPlatform

/// One scenario per reason code: enrol, pay, credit, spend as a centre would, then read `balance(person:)`.
/// 深圳 (440300) 一档 with a base of 10,000.00 credits 200.00 a month unless a test says otherwise.
@Suite("Balance reasons from enrolment to the balance view")
struct BalanceScenarioTests {
    let months = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]

    @Test("深圳二档 keeps no personal account: the balance is a dash and says why")
    func noPersonalAccount() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("李娜", id: idNumber(1), tier: "2", base: "8000.00")
        try world.payAndCredit(psn, months: months)
        let view = try world.balance(psn, on: "2025-06-20")
        #expect(view.display == "—")
        #expect(view.balanceFen == nil)
        #expect(view.state == "no_account")
        #expect(view.codes == ["no_personal_account"])
        #expect(view.scheme == "职工医保二档")
        #expect(view.reason(.noPersonalAccount)?.message.contains("二档不设个人账户") == true)
    }

    @Test("Enrolled this month: the first credit is pending, with the date it is due")
    func firstCreditPending() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("王芳", id: idNumber(2), start: "2025-06-01")
        _ = try world.platform.postContribution(ContributionRequest(person: psn, month: "2025-06"), key: "june")
        let view = try world.platform.balance(person: psn)
        #expect(view.codes == ["first_credit_pending"])
        // The 10th working day of July 2025: 1–4, 7–11, 14 July.
        #expect(view.reason(.firstCreditPending)?.details["due"] == "2025-07-14")
        #expect(view.display == "0.00")
        #expect(view.state == "normal")
    }

    @Test(
        "The credit due date is the 10th working day of the next month, also when that month starts on a holiday",
        arguments: [
            ("2025-05", "2025-06-16"), ("2025-06", "2025-07-14"), ("2025-09", "2025-10-21"), ("2025-10", "2025-11-14"),
        ])
    func creditDueDate(month: String, due: String) throws {
        let world = try World(today: "2025-06-20")
        #expect(world.platform.creditDueDate(for: try #require(Month(month))) == day(due))
    }

    @Test("Unpaid months are named, and the employee waiting period says its rule is not configured")
    func contributionUnpaid() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("陈强", id: idNumber(3))
        try world.payAndCredit(psn, months: ["2025-01", "2025-02", "2025-05"])
        let view = try world.balance(psn, on: "2025-06-20")
        #expect(view.codes == ["contribution_unpaid", "waiting_period"])
        let unpaid = try #require(view.reason(.contributionUnpaid))
        #expect(unpaid.details["months"] == "2025-03,2025-04")
        #expect(unpaid.message.contains("2025年3月–2025年4月 共 2 个月"))
        #expect(view.reason(.waitingPeriod)?.details["configured"] == "false")
        #expect(view.reason(.waitingPeriod)?.message.contains("尚未配置") == true)
        #expect(view.display == "600.00")
    }

    @Test("A suspended insurance row shows its amount, the date and the reason")
    func suspended() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("周杰", id: idNumber(4))
        try world.payAndCredit(psn, months: ["2025-01", "2025-02", "2025-03"])
        try world.pin("2025-04-10")
        _ = try world.platform.changeInsurance(
            InsuranceChangeRequest(
                person: psn, effective: "2025-04-01", status: .suspended,
                reason: "单位停缴"), key: "suspend")
        let view = try world.balance(psn, on: "2025-06-20")
        #expect(view.codes == ["suspended"])
        #expect(view.state == "suspended")
        #expect(view.display == "600.00")
        #expect(view.reason(.suspended)?.details["since"] == "2025-04-01")
        #expect(view.reason(.suspended)?.message.contains("单位停缴") == true)
    }

    @Test(
        "Residents who lapsed then paid wait 3 months plus 1 per further lapse year, at least 6 after 4 years",
        arguments: [
            ("2025-01-01", nil), ("2024-01-01", "2025-06-15"), ("2023-01-01", "2025-07-15"),
            ("2021-01-01", "2025-09-15"),
            ("2020-01-01", "2025-10-15"),
        ] as [(String, String?)])
    func residentsWaitingPeriod(start: String, until: String?) throws {
        let world = try World(today: "2025-06-14")
        let psn = try world.enrol(
            "冯婷", id: idNumber(5, birth: "1995-07-07"), type: .residentsBasic, tier: nil, base: "0.00",
            start: start)
        try world.pin("2025-03-15")
        _ = try world.platform.postContribution(
            ContributionRequest(person: psn, month: "2025-01", employeeAmount: "400.00"),
            key: "residents-2025")
        let view = try world.balance(psn, on: "2025-06-14")
        #expect(view.reason(.waitingPeriod)?.details["until"] == until)
        #expect(view.codes == ["no_personal_account"] + (until == nil ? [] : ["waiting_period"]))
        #expect(view.display == "—")
    }

    @Test("The residents' waiting period ends on its until date, not a day later")
    func residentsWaitingPeriodEnds() throws {
        let world = try World(today: "2025-07-14")
        let psn = try world.enrol(
            "冯婷", id: idNumber(5, birth: "1995-07-07"), type: .residentsBasic, tier: nil, base: "0.00",
            start: "2023-01-01")
        try world.pin("2025-03-15")
        _ = try world.platform.postContribution(
            ContributionRequest(person: psn, month: "2025-01", employeeAmount: "400.00"),
            key: "residents-2025")
        let lastDay = try world.balance(psn, on: "2025-07-14")
        #expect(lastDay.reason(.waitingPeriod)?.details["months"] == "4")
        #expect(lastDay.reason(.waitingPeriod)?.message.contains("断缴 2 年") == true)
        #expect(try world.balance(psn, on: "2025-07-15").reason(.waitingPeriod) == nil)
    }

    @Test("A back-paid lapse year shortens the residents' wait by one month but still counts as a lapse")
    func residentsBackPayShortensWait() throws {
        // Lapsed 2023 and 2024: 3 fixed + (2 − 1) × 1 = 4 months. Back-paying 2024 removes 1 → 3 months.
        let world = try World(today: "2025-06-14")
        let psn = try world.enrol(
            "冯婷", id: idNumber(5, birth: "1995-07-07"), type: .residentsBasic, tier: nil, base: "0.00",
            start: "2023-01-01")
        try world.pin("2025-03-15")
        _ = try world.platform.postContribution(
            ContributionRequest(person: psn, month: "2024-01", employeeAmount: "400.00"), key: "residents-2024-backpay")
        _ = try world.platform.postContribution(
            ContributionRequest(person: psn, month: "2025-01", employeeAmount: "400.00"), key: "residents-2025")
        let view = try world.balance(psn, on: "2025-06-14")
        #expect(view.reason(.waitingPeriod)?.details["months"] == "3")
        #expect(view.reason(.waitingPeriod)?.details["until"] == "2025-06-15")
        #expect(view.reason(.waitingPeriod)?.message.contains("断缴 2 年") == true)
    }

    @Test("A frozen account still shows its amount, with the date and reason; unfreezing clears it")
    func frozen() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("刘洋", id: idNumber(6))
        try world.payAndCredit(psn, months: months)
        try world.pin("2025-06-18")
        _ = try world.platform.setAccountStatus(person: psn, status: .frozen, reason: "涉嫌违规使用，待核查", key: "freeze")
        let view = try world.balance(psn, on: "2025-06-20")
        #expect(view.codes == ["frozen"])
        #expect(view.state == "frozen")
        #expect(view.display == "1000.00")
        #expect(view.balanceFen == fen("1000.00"))
        #expect(view.reason(.frozen)?.details["since"] == "2025-06-18")
        #expect(view.reason(.frozen)?.message.contains("涉嫌违规使用") == true)
        _ = try world.platform.setAccountStatus(person: psn, status: .active, reason: "", key: "unfreeze")
        #expect(try world.platform.balance(person: psn).codes == [])
    }

    @Test("An account not activated shows a dash, whatever was credited; activation shows the amount")
    func notActivated() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("孙丽", id: idNumber(7), notActivated: true)
        try world.payAndCredit(psn, months: months)
        let view = try world.balance(psn, on: "2025-06-20")
        #expect(view.codes == ["not_activated"])
        #expect(view.display == "—")
        #expect(view.balanceFen == nil)
        #expect(view.state == "not_activated")
        _ = try world.platform.setAccountStatus(person: psn, status: .active, reason: "", key: "activate")
        #expect(try world.platform.balance(person: psn).display == "1000.00")
    }

    @Test("A spent balance lists the largest recent payments, largest first")
    func spent() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("郑磊", id: idNumber(8), base: "6733.00")
        try world.payAndCredit(psn, months: months)
        // 深圳一档 outpatient at a level-3 hospital: the fund pays 55%, the account the other 45%.
        try world.pin("2025-06-10")
        _ = try world.platform.settle(person: psn, bill: bill(date: "2025-06-10", items: [("400.00", "01")]), key: "a")
        try world.pin("2025-06-12")
        _ = try world.platform.settle(person: psn, bill: bill(date: "2025-06-12", items: [("1000.00", "01")]), key: "b")
        let view = try world.balance(psn, on: "2025-06-20")
        #expect(view.codes == ["spent"])
        #expect(view.display == "43.30")
        let spent = try #require(view.reason(.spent))
        #expect(spent.details["spentFen"] == "63000")
        let big = try #require(spent.message.range(of: "450.00 元"))
        let small = try #require(spent.message.range(of: "180.00 元"))
        #expect(big.lowerBound < small.lowerBound)
    }

    @Test(
        "Spending is explained below 100.00 left, not at 100.00",
        arguments: [("1274.00", "100.00", false), ("1274.02", "99.99", true)])
    func spentBoundary(amount: String, left: String, explained: Bool) throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("郑磊", id: idNumber(8), base: "6733.00")
        try world.payAndCredit(psn, months: months)
        try world.pin("2025-06-10")
        _ = try world.platform.settle(person: psn, bill: bill(date: "2025-06-10", items: [(amount, "01")]), key: "a")
        let view = try world.balance(psn, on: "2025-06-20")
        #expect(view.display == left)
        #expect(view.codes == (explained ? ["spent"] : []))
    }

    @Test("Payments for a relative through 共济 are named with the relative's masked name and amount")
    func spentByRelatives() throws {
        let world = try World(today: "2025-06-20")
        let holder = try world.enrol("张伟", id: idNumber(9))
        let father = try world.enrol(
            "张建国", id: idNumber(10, birth: "1958-07-02"), tier: "2", personType: .retired,
            base: "6733.00")
        try world.payAndCredit(holder, months: months)
        try world.pin("2025-06-01")
        _ = try world.platform.grantFamily(holder: holder, relative: father, relation: "父母", key: "grant")
        try world.pin("2025-06-10")
        // 深圳二档 outpatient at a level-2 hospital, retired: the fund pays 65% + 5%, the holder's account the rest.
        let paid = try world.platform.settle(
            person: father, bill: bill(date: "2025-06-10", level: "2", items: [("1000.00", "01")]),
            key: "father")
        #expect(paid.output.acct_mulaid_pay == "300.00")
        let view = try world.balance(holder, on: "2025-06-20")
        #expect(view.codes == ["spent_by_relatives"])
        #expect(view.display == "700.00")
        let reason = try #require(view.reason(.spentByRelatives))
        #expect(reason.details["relativesFen"] == "30000")
        #expect(reason.message.contains("张** 300.00 元"))
        #expect(!reason.message.contains("张建国"))
    }

    @Test("A terminated insurance row says so and keeps showing the amount left")
    func terminated() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("吴敏", id: idNumber(11))
        try world.payAndCredit(psn, months: ["2025-01", "2025-02", "2025-03"])
        try world.pin("2025-04-10")
        _ = try world.platform.changeInsurance(
            InsuranceChangeRequest(
                person: psn, effective: "2025-04-01", status: .terminated,
                reason: "转出至外地参保"), key: "terminate")
        let view = try world.balance(psn, on: "2025-06-20")
        #expect(view.codes == ["terminated"])
        #expect(view.state == "terminated")
        #expect(view.display == "600.00")
        #expect(view.reason(.terminated)?.details["since"] == "2025-04-01")
        #expect(view.reason(.terminated)?.message.contains("转出至外地参保") == true)
    }

    @Test("Last month paid but its batch not run: the reason names the month and the due date, and goes once it runs")
    func creditingNotRun() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("黄磊", id: idNumber(12))
        try world.payAndCredit(psn, months: ["2025-01", "2025-02", "2025-03", "2025-04"])
        try world.payAndCredit(psn, months: ["2025-05"], credit: false)
        let view = try world.balance(psn, on: "2025-06-09")
        #expect(view.codes == ["crediting_not_run"])
        #expect(view.display == "800.00")
        let reason = try #require(view.reason(.creditingNotRun))
        #expect(reason.details["month"] == "2025-05")
        #expect(reason.details["due"] == "2025-06-16")
        _ = try world.platform.runCrediting(month: "2025-05")
        let after = try world.platform.balance(person: psn)
        #expect(after.codes == [])
        #expect(after.display == "1000.00")
    }

    @Test("A normal account has no reasons, and its amount is credits minus spending")
    func normal() throws {
        let world = try World(today: "2025-06-20")
        let psn = try world.enrol("赵敏", id: idNumber(13))
        try world.payAndCredit(psn, months: months)
        try world.pin("2025-06-10")
        _ = try world.platform.settle(person: psn, bill: bill(date: "2025-06-10", items: [("100.00", "01")]), key: "a")
        let view = try world.balance(psn, on: "2025-06-20")
        #expect(view.codes == [])
        #expect(view.state == "normal")
        #expect(view.display == "955.00")
        let lines = try world.platform.statement(person: psn).lines
        let credits = lines.filter { $0.amountFen > .zero }.reduce(Fen.zero) { $0 + $1.amountFen }
        let spending = lines.filter { $0.amountFen < .zero }.reduce(Fen.zero) { $0 - $1.amountFen }
        #expect(credits == fen("1000.00"))
        #expect(spending == fen("45.00"))
        #expect(view.balanceFen == credits - spending)
        #expect(view.explanationText.last?.contains("账户状态正常") == true)
    }
}
