import ArgumentParser
import Foundation
import YibaoCore
import YibaoPlatform

struct ContributionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "contribution", abstract: "Post contributions and back-payments.",
        subcommands: [Post.self, Backpay.self])

    struct Post: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Post one month's contribution (parts by the pack's rates where known).")
        @Option var person: String
        @Option(help: "YYYY-MM") var month: String
        @Option(help: "Contribution base in yuan (default: the insured base; clamped to the pack's range).") var base: String?
        @Option(help: "Employer part as posted, where the pack has no rates.") var employerAmount: String?
        @Option(help: "Employee part as posted (residents: the annual contribution).") var employeeAmount: String?
        @OptionGroup var common: CommonOptions

        func run() throws {
            let platform = try Context.platform()
            let c = try Context.run {
                try platform.postContribution(ContributionRequest(person: person, month: month, base: base, employerAmount: employerAmount,
                    employeeAmount: employeeAmount), key: Context.key(common.key, "contribution", person, month))
            }
            if common.json { return try Output.json(c) }
            Output.line("\(c.month) 缴费已入账：基数 \(c.baseFen)，单位 \(c.employerFen)，个人 \(c.employeeFen)（\(c.kind == .backPay ? "补缴" : "正常缴费")）")
        }
    }

    struct Backpay: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Back-pay (补缴) every unpaid month in a range.")
        @Option var person: String
        @Option(help: "YYYY-MM") var from: String
        @Option(help: "YYYY-MM") var to: String
        @Option(help: "Employer part of each month, where the pack has no rates.") var employerAmount: String?
        @Option(help: "Employee part of each month, where the pack has no rates.") var employeeAmount: String?
        @OptionGroup var common: CommonOptions

        func run() throws {
            let platform = try Context.platform()
            let list = try Context.run {
                try platform.backPay(person: person, from: from, to: to, employerAmount: employerAmount, employeeAmount: employeeAmount,
                    key: Context.key(common.key, "backpay", person, from, to))
            }
            if common.json { return try Output.json(list) }
            Output.line("已补缴 \(list.count) 个月：\(list.map(\.month).joined(separator: "、"))")
        }
    }
}

struct CreditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credit",
        abstract: "Run the monthly crediting (划入) for every eligible account; idempotent per month and account.")
    @Option(help: "YYYY-MM") var month: String
    @Option(help: "Only this pooling region.") var region: String?
    @Flag var json = false

    func run() throws {
        let platform = try Context.platform()
        let bar = ProgressBar(enabled: !json && isatty(STDERR_FILENO) == 1)
        let r = try Context.run { try platform.runCrediting(month: month, region: region, progress: bar.update) }
        bar.finish()
        if json { return try Output.json(r) }
        Output.line("\(r.month) 划入完成：检查 \(r.examined) 条参保记录，划入 \(r.credited) 个账户，合计 \(r.totalFen) 元（代扣 \(r.deductedFen) 元）")
        for (reason, n) in r.skipped.sorted(by: { $0.key < $1.key }) {
            Output.line("  未划入 \(n)：\(CreditSkipReason(rawValue: reason)?.label ?? reason)")
        }
    }
}

/// A one-line progress bar on a terminal (stderr), silent otherwise.
final class ProgressBar {
    let enabled: Bool
    init(enabled: Bool) { self.enabled = enabled }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        Output.stderrInline("\r[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)")
    }

    func finish() { if enabled { Output.stderr("") } }
}

struct FamilyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "family", abstract: "家庭共济: grant, revoke and list.",
        subcommands: [Grant.self, Revoke.self, List.self])

    struct Grant: ParsableCommand {
        @Option var holder: String
        @Option var relative: String
        @Option(help: "配偶|父母|子女|兄弟姐妹|祖父母|外祖父母|孙子女|外孙子女") var relation: String
        @OptionGroup var common: CommonOptions
        func run() throws {
            let platform = try Context.platform()
            let g = try Context.run { try platform.grantFamily(holder: holder, relative: relative, relation: relation,
                key: Context.key(common.key, "grant", holder, relative, relation)) }
            if common.json { return try Output.json(g) }
            Output.line("已授权：\(g.holderName)（\(g.holderPsnNo)）的个人账户可为\(g.relation) \(g.relativeName)（\(g.relativePsnNo)）支付")
        }
    }

    struct Revoke: ParsableCommand {
        @Option var holder: String
        @Option var relative: String
        @OptionGroup var common: CommonOptions
        func run() throws {
            let platform = try Context.platform()
            let g = try Context.run { try platform.revokeFamily(holder: holder, relative: relative,
                key: Context.key(common.key, "revoke", holder, relative, String(Date().timeIntervalSince1970))) }
            if common.json { return try Output.json(g) }
            Output.line("已撤销共济授权（\(g.revokedOn?.description ?? "")起生效）")
        }
    }

    struct List: ParsableCommand {
        @Option var person: String
        @Flag var json = false
        func run() throws {
            let platform = try Context.platform()
            let list = try Context.run { try platform.familyList(person: person) }
            if json { return try Output.json(list) }
            for g in list {
                Output.line("\(g.holderName)（\(g.holderPsnNo)）→ \(g.relation) \(g.relativeName)（\(g.relativePsnNo)）\(g.grantedOn) 授权"
                    + (g.revokedOn.map { "，\($0) 撤销" } ?? "，有效"))
            }
        }
    }
}

struct ReverseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reverse", abstract: "Reverse (冲正) a settlement exactly.")
    @Option var settlement: String
    @OptionGroup var common: CommonOptions
    func run() throws {
        let platform = try Context.platform()
        let r = try Context.run { try platform.reverse(settlement: settlement, key: Context.key(common.key, "reverse", settlement)) }
        if common.json { return try Output.json(r) }
        Output.line("已冲正 \(r.reversed_setl_id)（冲正单号 \(r.setl_id)）：退回个人账户 \(r.restoredAccountFen) 元，共济 \(r.restoredMutualAidFen) 元")
    }
}

struct StatementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "statement", abstract: "个人账户明细: every transfer with a description.")
    @Option var person: String
    @Option(help: "YYYY-MM-DD") var from: String?
    @Option(help: "YYYY-MM-DD") var to: String?
    @Option var limit = 200
    @Flag var json = false
    func run() throws {
        let platform = try Context.platform()
        let s = try Context.run { try platform.statement(person: person, from: from, to: to, limit: limit) }
        if json { return try Output.json(s) }
        Output.line("个人账户明细  人员编号 \(s.psn_no)  当前余额 \(s.balanceFen) 元")
        for l in s.lines {
            Output.line("\(l.date)  \(l.amountFen.isNegative ? "" : "+")\(l.amountFen)  余额 \(l.balanceAfterFen)  \(l.description)")
        }
    }
}

struct BalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "balance", abstract: "Balance as amount, 0.00 or — with its reasons.")
    @Option var person: String
    @Flag var json = false
    func run() throws {
        let platform = try Context.platform()
        let v = try Context.run { try platform.balance(person: person) }
        if json { return try Output.json(v) }
        v.explanationText.forEach(Output.line)
    }
}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Why the balance is what it is, in Chinese.")
    @Option var person: String
    func run() throws {
        let platform = try Context.platform()
        try Context.run { try platform.explain(person: person) }.forEach(Output.line)
    }
}

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Check every ledger invariant; exit 1 on a violation.")
    @Flag var json = false
    func run() throws {
        let platform = try Context.platform()
        let r = try Context.run { try platform.audit() }
        if json { try Output.json(r) } else {
            Output.line("审计：账户 \(r.accounts)，转账 \(r.transfers)，结算 \(r.settlements)，问题 \(r.violations.count)")
            r.violations.forEach { Output.line("  ✗ \($0)") }
            if r.ok { Output.line("全部不变量成立。") }
        }
        if !r.ok { throw ExitCode(1) }
    }
}

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Demo data.", subcommands: [Seed.self])

    struct Seed: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fill an empty database with demo people, one for every balance reason.")
        @Flag var json = false
        func run() throws {
            let platform = try Context.platform()
            let people = try Context.run { try platform.seedDemo(hashPassword: { try PasswordHasher().hash($0) }) }
            if json { return try Output.json(people) }
            Output.line("演示数据已写入 \(Context.databasePath)（日期固定为 \(DemoSeed.asOf)，政策包覆盖的年度）。登录密码均为 \(DemoSeed.password)")
            for p in people { Output.line("  \(p.psnNo)  \(p.name)  \(p.idNumber)  → \(p.demonstrates)") }
        }
    }
}
