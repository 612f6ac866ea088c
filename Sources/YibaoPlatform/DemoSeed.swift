import Foundation
import YibaoCore

/// A demo database with named people, one for every balance reason code, a year of contributions and
/// credits, and some settlements. Dated 2025-12-20 (pinned in the database), the year the shipped policy
/// packs cover, so that every figure the demo shows comes from a real pack.
public struct DemoSeed {
    public static let asOf = CalendarDate(year: 2025, month: 12, day: 20)!

    /// A demo person: who they are and which reason code they demonstrate.
    public struct Person: Sendable, Hashable, Codable {
        public let name: String
        public let idNumber: String
        public let psnNo: String
        public let demonstrates: String
        public let password: String
    }

    /// Builds a valid ID number from a region prefix, a birth date and a sequence (check character computed).
    public static func idNumber(prefix: String, birth: String, sequence: Int) -> String {
        let body = prefix + birth.replacingOccurrences(of: "-", with: "") + String(format: "%03d", sequence)
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.compactMap(\.wholeNumberValue), weights).reduce(0) { $0 + $1.0 * $1.1 }
        return body + String(Array("10X98765432")[sum % 11])
    }

    /// The demo sign-in password of every demo person (the server issue's login uses it).
    public static let password = "yibao-demo-2025"

    struct Spec {
        let name, prefix, birth: String
        let sequence: Int
        let region: String
        let type: InsuranceType
        let tier: String?
        let personType: PersonType
        let base: String
        let start: String
        let demonstrates: String
        var notActivated = false
    }

    static let people: [Spec] = [
        Spec(name: "张伟", prefix: "440303", birth: "1985-03-12", sequence: 17, region: "440300", type: .employeeBasic, tier: "1",
            personType: .inService, base: "12000.00", start: "2024-01-01", demonstrates: "spent_by_relatives"),
        Spec(name: "张建国", prefix: "440303", birth: "1958-07-02", sequence: 31, region: "440300", type: .employeeBasic, tier: "2",
            personType: .retired, base: "6733.00", start: "2018-01-01", demonstrates: "no_personal_account（二档退休，由子女共济）"),
        Spec(name: "李娜", prefix: "440304", birth: "1992-11-05", sequence: 42, region: "440300", type: .employeeBasic, tier: "2",
            personType: .inService, base: "8000.00", start: "2023-05-01", demonstrates: "no_personal_account"),
        Spec(name: "王芳", prefix: "440305", birth: "1998-06-18", sequence: 26, region: "440300", type: .employeeBasic, tier: "1",
            personType: .inService, base: "9000.00", start: "2025-12-01", demonstrates: "first_credit_pending"),
        Spec(name: "陈强", prefix: "440106", birth: "1988-09-09", sequence: 15, region: "440100", type: .employeeBasic, tier: nil,
            personType: .inService, base: "8000.00", start: "2022-03-01", demonstrates: "contribution_unpaid, waiting_period"),
        Spec(name: "黄磊", prefix: "440104", birth: "1990-02-14", sequence: 33, region: "440100", type: .employeeBasic, tier: nil,
            personType: .inService, base: "10000.00", start: "2021-07-01", demonstrates: "crediting_not_run"),
        Spec(name: "刘洋", prefix: "440306", birth: "1983-12-01", sequence: 19, region: "440300", type: .employeeBasic, tier: "1",
            personType: .inService, base: "15000.00", start: "2020-01-01", demonstrates: "frozen"),
        Spec(name: "赵秀英", prefix: "110105", birth: "1953-04-20", sequence: 28, region: "110100", type: .employeeBasic, tier: nil,
            personType: .retired, base: "0.00", start: "2013-05-01", demonstrates: "北京退休 72 岁，每月 110.00 元"),
        Spec(name: "孙丽", prefix: "440307", birth: "2000-08-08", sequence: 44, region: "440300", type: .employeeBasic, tier: "1",
            personType: .inService, base: "7000.00", start: "2025-03-01", demonstrates: "not_activated", notActivated: true),
        Spec(name: "周杰", prefix: "440308", birth: "1979-05-30", sequence: 11, region: "440300", type: .employeeBasic, tier: "1",
            personType: .inService, base: "9500.00", start: "2019-06-01", demonstrates: "suspended"),
        Spec(name: "吴敏", prefix: "440303", birth: "1987-10-10", sequence: 22, region: "440300", type: .employeeBasic, tier: "1",
            personType: .inService, base: "11000.00", start: "2017-02-01", demonstrates: "terminated"),
        Spec(name: "郑磊", prefix: "440304", birth: "1975-01-25", sequence: 37, region: "440300", type: .employeeBasic, tier: "1",
            personType: .inService, base: "6733.00", start: "2015-09-01", demonstrates: "spent"),
        Spec(name: "冯婷", prefix: "440305", birth: "1995-07-07", sequence: 48, region: "440300", type: .residentsBasic, tier: nil,
            personType: .inService, base: "0.00", start: "2023-01-01", demonstrates: "waiting_period（居民医保断缴后缴费）"),
    ]
}

extension Platform {
    /// Seeds the demo people into an empty database and pins its date to `DemoSeed.asOf`.
    /// Returns the people with what each demonstrates. Refuses a database that already has people.
    public func seedDemo(hashPassword: (String) throws -> String) throws -> [DemoSeed.Person] {
        guard try store.read({ try $0.personCount() }) == 0 else {
            throw PlatformError.limitExceeded(name: "演示数据只能写入空数据库；已有参保人", max: 0)
        }
        try store.write { try $0.setSetting(Platform.pinnedDateSetting, value: DemoSeed.asOf.description) }
        var out: [DemoSeed.Person] = []
        let hash = try hashPassword(DemoSeed.password)
        for s in DemoSeed.people {
            let id = DemoSeed.idNumber(prefix: s.prefix, birth: s.birth, sequence: s.sequence)
            let r = try enrol(EnrolRequest(idNumber: id, name: s.name, phone: "1380013" + String(format: "%04d", s.sequence * 7),
                region: s.region, insuranceType: s.type, tier: s.tier, personType: s.personType, base: s.base, start: s.start,
                accountNotActivated: s.notActivated), key: "demo-enrol-\(id)")
            try setPasswordHash(person: r.psn_no, hash: hash)
            out.append(DemoSeed.Person(name: s.name, idNumber: id, psnNo: r.psn_no, demonstrates: s.demonstrates,
                password: DemoSeed.password))
        }
        try seedHistory(out)
        return out
    }

    public func setPasswordHash(person query: String, hash: String) throws {
        try store.write { tx in
            let p = try person(query, in: tx)
            try tx.setPasswordHash(personId: p.id ?? 0, hash: hash)
        }
    }

    /// Moves the demo's pinned date, so that each step is recorded on the day it would have happened.
    func pin(_ date: String) throws {
        try store.write { try $0.setSetting(Platform.pinnedDateSetting, value: date) }
    }

    /// Contributions, credits, status changes, grants and settlements from December 2024 to December 2025,
    /// each recorded on its own date.
    func seedHistory(_ people: [DemoSeed.Person]) throws {
        func psn(_ name: String) -> String { people.first { $0.name == name }?.psnNo ?? "" }
        // December 2024 has no policy pack in this build, so its parts are posted as paid (2% / 5% of the base).
        let december: [(String, String, String)] = [
            ("张伟", "600.00", "240.00"), ("刘洋", "750.00", "300.00"), ("周杰", "475.00", "190.00"), ("吴敏", "550.00", "220.00"),
            ("郑磊", "336.65", "134.66"), ("黄磊", "800.00", "200.00"), ("李娜", "120.00", "40.00"), ("陈强", "640.00", "160.00"),
        ]
        try pin("2024-12-15")
        for (name, employer, employee) in december {
            _ = try postContribution(ContributionRequest(person: psn(name), month: "2024-12", employerAmount: employer,
                employeeAmount: employee), key: "demo-\(name)-2024-12")
        }
        let settlements = demoSettlements()
        for m in 1...12 {
            let month = String(format: "2025-%02d", m)
            // Early in the month, last month's crediting batch runs; December's run for November has run in
            // 深圳 and 北京 but not yet in 广州 (黄磊 shows crediting_not_run).
            try pin(String(format: "2025-%02d-05", m))
            if m == 12 {
                _ = try runCrediting(month: "2025-11", region: "440300")
                _ = try runCrediting(month: "2025-11", region: "110100")
            } else if m > 1 {
                _ = try runCrediting(month: String(format: "2025-%02d", m - 1))
            }
            for s in settlements where s.date.hasPrefix(month) && s.date < "\(month)-15" {
                try pin(s.date)
                _ = try settle(person: psn(s.name), bill: s.bill, key: "demo-setl-\(s.name)-\(s.date)")
            }
            // December's remaining steps (王芳's contribution, the freeze) follow the loop.
            if m == 12 { break }
            try pin(String(format: "2025-%02d-15", m))
            try seedContributions(month: m, psn: psn)
            if m == 10 {
                _ = try changeInsurance(InsuranceChangeRequest(person: psn("周杰"), effective: "2025-10-01", status: .suspended,
                    reason: "单位停缴"), key: "demo-周杰-suspend")
                _ = try changeInsurance(InsuranceChangeRequest(person: psn("吴敏"), effective: "2025-10-01", status: .terminated,
                    reason: "转出至外地参保"), key: "demo-吴敏-terminate")
                _ = try grantFamily(holder: psn("张伟"), relative: psn("张建国"), relation: "父母", key: "demo-grant-张伟")
            }
            for s in settlements where s.date.hasPrefix(month) && s.date >= "\(month)-15" {
                try pin(s.date)
                _ = try settle(person: psn(s.name), bill: s.bill, key: "demo-setl-\(s.name)-\(s.date)")
            }
        }
        try pin("2025-12-15")
        _ = try postContribution(ContributionRequest(person: psn("王芳"), month: "2025-12"), key: "demo-王芳-2025-12")
        try pin("2025-12-18")
        _ = try setAccountStatus(person: psn("刘洋"), status: .frozen, reason: "涉嫌违规使用，待核查", key: "demo-刘洋-freeze")
        try pin(DemoSeed.asOf.description)
    }

    func seedContributions(month m: Int, psn: (String) -> String) throws {
        let month = String(format: "2025-%02d", m)
        for spec in DemoSeed.people where spec.type == .employeeBasic && spec.personType == .inService {
            guard let start = CalendarDate(spec.start), Month(start) <= Month(year: 2025, month: m)! else { continue }
            if ["周杰", "吴敏"].contains(spec.name), m >= 10 { continue }
            if spec.name == "陈强", m >= 8 { continue }
            if spec.name == "王芳" { continue }
            let posted = ["黄磊": ("800.00", "200.00"), "陈强": ("640.00", "160.00")][spec.name]
            _ = try postContribution(ContributionRequest(person: psn(spec.name), month: month, employerAmount: posted?.0,
                employeeAmount: posted?.1), key: "demo-\(spec.name)-\(month)")
        }
        if m == 10 {
            // 冯婷 (residents) skipped 2023–2024 and paid 2025 late, in October: a waiting period follows.
            _ = try postContribution(ContributionRequest(person: psn("冯婷"), month: "2025-01", employeeAmount: "400.00"),
                key: "demo-冯婷-2025")
        }
    }
}

extension Platform {
    /// A bill in national field names for the demo (the person's own fields come from the records).
    static func demoBill(date: String, medType: String, level: String, items: [(String, String)]) -> Data {
        let lines = items.enumerated().map { i, item in
            "{\"feedetl_sn\": \"\(i + 1)\", \"med_list_codg\": \"DEMO\(i + 1)\", \"det_item_fee_sumamt\": \"\(item.0)\", \"chrgitm_lv\": \"\(item.1)\"\(item.1 == "02" ? ", \"selfpay_prop\": \"0.10\"" : "")}"
        }
        return Data("""
            {"med_type": "\(medType)", "medins_lv": "\(level)", "setl_date": "\(date)", "acct_used_flag": "1",
             "items": [\(lines.joined(separator: ", "))]}
            """.utf8)
    }

    struct DemoSettlement {
        let name: String
        let date: String
        let bill: Data
    }

    func demoSettlements() -> [DemoSettlement] {
        [
            DemoSettlement(name: "张伟", date: "2025-04-08", bill: Platform.demoBill(date: "2025-04-08", medType: "11", level: "2",
                items: [("320.00", "01"), ("180.00", "02")])),
            DemoSettlement(name: "张伟", date: "2025-09-16", bill: Platform.demoBill(date: "2025-09-16", medType: "21", level: "3",
                items: [("5200.00", "01"), ("800.00", "02"), ("300.00", "03")])),
            // The father (二档, no own account) is paid for through 家庭共济 from 张伟's account.
            DemoSettlement(name: "张建国", date: "2025-11-08", bill: Platform.demoBill(date: "2025-11-08", medType: "21", level: "3",
                items: [("6800.00", "01"), ("1600.00", "02")])),
            DemoSettlement(name: "郑磊", date: "2025-05-12", bill: Platform.demoBill(date: "2025-05-12", medType: "11", level: "3",
                items: [("900.00", "01"), ("400.00", "02")])),
            DemoSettlement(name: "郑磊", date: "2025-08-21", bill: Platform.demoBill(date: "2025-08-21", medType: "11", level: "3",
                items: [("900.00", "01"), ("400.00", "02")])),
            // After December's credit, so that the balance is still spent on the demo's date (spent).
            DemoSettlement(name: "郑磊", date: "2025-12-08", bill: Platform.demoBill(date: "2025-12-08", medType: "11", level: "3",
                items: [("900.00", "01"), ("400.00", "02")])),
            DemoSettlement(name: "赵秀英", date: "2025-07-02", bill: Platform.demoBill(date: "2025-07-02", medType: "11",
                level: "community", items: [("600.00", "01")])),
        ]
    }
}
