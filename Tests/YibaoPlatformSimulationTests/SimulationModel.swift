import Foundation
import YibaoCore
import YibaoPlatform
import YibaoPolicy

/// The auditor's expected state: what every personal account should hold, which settlements and reversals
/// exist, and which 家庭共济 grants are active. It is kept by the simulation from its own rules and the
/// settlement engine's figures, never read back from the store.
struct SimulationModel {
    struct Person {
        let psnNo: String
        let personId: Int64
        let idNumber: String
        let choice: SchemeChoice
        let personType: PersonType
        let baseFen: Fen
        let start: CalendarDate
        let birth: CalendarDate
        /// nil: the scheme keeps no account.
        var accountStatus: AccountStatus?
        var balanceFen = Fen.zero
        /// Months with a posted contribution, with the base they were recorded with.
        var paidBase: [Month: Fen] = [:]
        var credited: Set<Month> = []

        var hasAccount: Bool { accountStatus != nil }
        /// What the account may pay now: active accounts only (未激活 and 冻结 cannot pay).
        var usableBalanceFen: Fen { accountStatus == .active ? balanceFen : .zero }
    }

    struct Settlement {
        let setlId: String
        let person: Int
        let accountFen: Fen
        let payers: [(person: Int, amountFen: Fen)]
        var reversed = false
        var mutualAidFen: Fen { payers.reduce(Fen.zero) { $0 + $1.amountFen } }
    }

    struct Grant: Hashable {
        let holder: Int
        let relative: Int
    }

    var people: [Person] = []
    var byPsnNo: [String: Int] = [:]
    var settlements: [String: Settlement] = [:]
    var settlementOrder: [String] = []
    var reversals: Set<String> = []
    var grants: Set<Grant> = []
    var idNumbers: Set<String> = []

    /// Holders whose accounts may pay for `relative` now, as (person, usable balance), balance > 0.
    func mutualAidHolders(for relative: Int) -> [(Int, Fen)] {
        grants.filter { $0.relative == relative }.compactMap { g in
            let b = people[g.holder].usableBalanceFen
            return b > .zero && people[g.holder].choice.region == people[relative].choice.region ? (g.holder, b) : nil
        }
    }

    /// The error code a contribution for `month` should meet, or nil if it should be posted.
    func contributionRefusal(person p: Person, month: Month, today: CalendarDate) -> String? {
        if month > Month(today) { return "month_in_future" }
        if month.lastDay < p.start { return "month_before_enrolment" }
        if p.paidBase[month] != nil { return "contribution_exists" }
        return nil
    }

    /// The error code a back-payment from `first` through `last` should meet, or nil (and the months it posts).
    func backPayOutcome(person p: Person, first: Month, last: Month, hasRates: Bool) -> (String?, [Month]) {
        let unpaid = Month.range(first, through: last).filter { p.paidBase[$0] == nil }
        guard let earliest = unpaid.first else { return ("contribution_not_due", []) }
        if earliest.lastDay < p.start { return ("month_before_enrolment", []) }
        // Back-pay takes no amounts, so a region whose pack has no rates cannot back-pay (see the report).
        if !hasRates { return ("amount_invalid", []) }
        return (nil, unpaid)
    }

    /// The error code a grant should meet, in the platform's order of checks, or nil.
    func grantRefusal(holder h: Int, relative r: Int, relation: String, allowed: [String]) -> String? {
        if h == r { return "grant_to_self" }
        if !people[h].hasAccount { return "no_personal_account" }
        if people[h].choice.region != people[r].choice.region { return "relative_in_other_region" }
        if !allowed.contains(relation) { return "relation_not_allowed" }
        if grants.contains(Grant(holder: h, relative: r)) { return "grant_exists" }
        return nil
    }
}

/// A successful call, kept so that it can be replayed with its key or sent again with a different request.
enum SimulationCall {
    case enrol(EnrolRequest)
    case contribution(ContributionRequest)
    case backPay(person: String, from: String, to: String)
    case settle(person: String, bill: Data)
    case reverse(setlId: String)
    case grant(holder: String, relative: String, relation: String)
    case revoke(holder: String, relative: String)
    case status(person: String, status: AccountStatus, reason: String)

    /// Calls the platform and returns the answer's fingerprint.
    func invoke(on platform: Platform, key: String) throws -> String {
        switch self {
        case .enrol(let r): fingerprint(try platform.enrol(r, key: key))
        case .contribution(let r): fingerprint(try platform.postContribution(r, key: key))
        case .backPay(let p, let from, let to):
            fingerprint(try platform.backPay(person: p, from: from, to: to, key: key))
        case .settle(let p, let bill): fingerprint(try platform.settle(person: p, bill: bill, key: key))
        case .reverse(let s): fingerprint(try platform.reverse(settlement: s, key: key))
        case .grant(let h, let r, let relation):
            fingerprint(try platform.grantFamily(holder: h, relative: r, relation: relation, key: key))
        case .revoke(let h, let r): fingerprint(try platform.revokeFamily(holder: h, relative: r, key: key))
        case .status(let p, let s, let reason):
            fingerprint(try platform.setAccountStatus(person: p, status: s, reason: reason, key: key))
        }
    }

    /// The same operation with something changed, still valid before the idempotency check.
    func altered(otherPerson: String) -> SimulationCall {
        switch self {
        case .enrol(var r):
            r.name += "乙"
            return .enrol(r)
        case .contribution(var r):
            r.base = "12345.00"
            return .contribution(r)
        case .backPay(_, let from, let to): return .backPay(person: otherPerson, from: from, to: to)
        case .settle(let p, let bill): return .settle(person: p, bill: bill + Data(" ".utf8))
        case .reverse(let s): return .reverse(setlId: s + "X")
        case .grant(let h, let r, let relation):
            return .grant(holder: h, relative: r, relation: relation == "配偶" ? "子女" : "配偶")
        case .revoke(let h, _): return .revoke(holder: h, relative: otherPerson)
        case .status(let p, let s, let reason): return .status(person: p, status: s, reason: reason + "（改）")
        }
    }
}
