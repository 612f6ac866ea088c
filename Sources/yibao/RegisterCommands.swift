import ArgumentParser
import Foundation
import YibaoCore
import YibaoPlatform

struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "person", abstract: "Register and look up insured people.",
        subcommands: [Add.self, Show.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enrol a person (参保登记); prints the new psn_no.")
        @Option var idNumber: String
        @Option var name: String
        @Option var phone: String?
        @Option(help: "Region code or name; a county resolves to its pooling region.") var region: String
        @Option(help: "310 (employees) or 390 (residents).") var insutype: String
        @Option(help: "Tier where the region has tiers (深圳: 1 or 2).") var tier: String?
        @Option(help: "in_service or retired.") var personType: String = "in_service"
        @Option(help: "Monthly contribution base in yuan.") var base: String = "0.00"
        @Option(help: "Start date YYYY-MM-DD.") var start: String
        @Option var employer: String?
        @Option(help: "Sign-in password (stored salted and slow-hashed).") var password: String?
        @Flag(help: "Open the personal account as 未激活.") var notActivated = false
        @OptionGroup var common: CommonOptions

        func run() throws {
            let platform = try Context.platform()
            let result = try Context.run { () throws -> EnrolResult in
                guard let type = InsuranceType(rawValue: insutype) else {
                    throw PlatformError.schemeNotConfigured(region: region, insuranceType: insutype, tier: tier)
                }
                guard let p = PersonType(rawValue: personType) else { throw PlatformError.invalidAmount(field: "人员类别", reason: personType) }
                let hash = try password.map { try PasswordHasher().hash($0) }
                let r = try platform.enrol(EnrolRequest(idNumber: idNumber, name: name, phone: phone, region: region, insuranceType: type,
                    tier: tier, personType: p, base: base, start: start, employer: employer, accountNotActivated: notActivated),
                    key: Context.key(common.key, "enrol", idNumber, region, insutype, tier ?? "", start))
                if let hash { try platform.setPasswordHash(person: r.psn_no, hash: hash) }
                return r
            }
            if common.json { try Output.json(["psn_no": result.psn_no]) } else {
                Output.line("已参保登记：人员编号 \(result.psn_no)\(result.personalAccount ? "，已建立个人账户" : "（该险种不设个人账户）")")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a person (ID number masked) and insurance history.")
        @Argument(help: "psn_no or ID number") var person: String
        @Flag var json = false

        func run() throws {
            let platform = try Context.platform()
            let v = try Context.run { try platform.personView(person) }
            if json { return try Output.json(v) }
            Output.line("\(v.name)  人员编号 \(v.psn_no)  身份证 \(v.idNumberMasked)  \(v.sex)  出生 \(v.birthDate)")
            for i in v.insurances {
                Output.line("  \(i.insuranceTypeLabel)（\(i.regionName) \(i.region)），\(i.startDate) 起")
                for h in i.history {
                    Output.line("    \(h.effectiveFrom) 起：\(h.status.label)，\(h.personType.label)\(h.tier.map { "，第 \($0) 档" } ?? "")，"
                        + "基数 \(h.baseFen) 元（\(h.reason)）")
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered people.")
        @Option var limit = 50
        @Option var offset = 0
        @Flag var json = false

        func run() throws {
            let platform = try Context.platform()
            let people = try Context.run { try platform.personList(limit: limit, offset: offset) }
            struct Row: Encodable { let psn_no, name, idNumberMasked: String }
            let rows = people.map { Row(psn_no: $0.psnNo, name: $0.name, idNumberMasked: (try? IDNumber($0.idNumber).maskedText) ?? "") }
            if json { return try Output.json(rows) }
            for r in rows { Output.line("\(r.psn_no)  \(r.name)  \(r.idNumberMasked)") }
        }
    }
}

struct InsuranceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "insurance", abstract: "Change insurance rows.",
        subcommands: [Change.self])

    struct Change: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a change of tier, person type, base or status from a date on (history is kept).")
        @Option var person: String
        @Option(help: "Effective date YYYY-MM-DD.") var effective: String
        @Option var tier: String?
        @Option(help: "in_service or retired") var personType: String?
        @Option var base: String?
        @Option(help: "active, suspended or terminated") var status: String?
        @Option var reason: String?
        @OptionGroup var common: CommonOptions

        func run() throws {
            let platform = try Context.platform()
            let v = try Context.run { () throws -> InsuranceVersion in
                let p = try personType.map { t in
                    guard let p = PersonType(rawValue: t) else { throw PlatformError.invalidAmount(field: "人员类别", reason: t) }
                    return p
                }
                let s = try status.map { t in
                    guard let s = InsuranceStatus(rawValue: t) else { throw PlatformError.invalidAmount(field: "参保状态", reason: t) }
                    return s
                }
                return try platform.changeInsurance(InsuranceChangeRequest(person: person, effective: effective, tier: tier,
                    personType: p, base: base, status: s, reason: reason),
                    key: Context.key(common.key, "change", person, effective, tier ?? "", personType ?? "", base ?? "", status ?? ""))
            }
            if common.json { return try Output.json(v) }
            Output.line("已记录：\(v.effectiveFrom) 起 \(v.reason)")
        }
    }
}

struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "account", abstract: "Freeze, unfreeze or activate an account.",
        subcommands: [Freeze.self, Unfreeze.self, Activate.self])

    static func set(_ status: AccountStatus, person: String, reason: String?, common: CommonOptions) throws {
        let platform = try Context.platform()
        let e = try Context.run {
            try platform.setAccountStatus(person: person, status: status, reason: reason ?? "",
                key: Context.key(common.key, "status", person, status.rawValue, reason ?? ""))
        }
        if common.json { return try Output.json(e) }
        Output.line("个人账户状态：\(e.status.label)（\(e.reason)），\(e.effectiveOn) 起")
    }

    struct Freeze: ParsableCommand {
        @Option var person: String
        @Option var reason: String?
        @OptionGroup var common: CommonOptions
        func run() throws { try AccountCommand.set(.frozen, person: person, reason: reason, common: common) }
    }

    struct Unfreeze: ParsableCommand {
        @Option var person: String
        @Option var reason: String?
        @OptionGroup var common: CommonOptions
        func run() throws { try AccountCommand.set(.active, person: person, reason: reason ?? "解除冻结", common: common) }
    }

    struct Activate: ParsableCommand {
        @Option var person: String
        @OptionGroup var common: CommonOptions
        func run() throws { try AccountCommand.set(.active, person: person, reason: "账户激活", common: common) }
    }
}
