import Foundation
import Testing
import YibaoCore
import YibaoPlatform
import YibaoStore

extension Simulation {
    // MARK: settlements and reversals

    func settle() throws {
        // Often a relative someone has granted 共济 to, so that holders' accounts are used, some together.
        let aided = Set(model.grants.map(\.relative)).sorted()
        let index = chance(30) ? aided.randomElement(using: &rng) ?? randomPerson() : randomPerson()
        let p = model.people[index]
        operation = "settle \(p.psnNo) (\(p.choice), account \(p.accountStatus?.rawValue ?? "none"))"
        let key = "settle-\(step)"
        if !p.choice.hasInpatient, chance(10) {
            // A bill the pack cannot settle (广州 has no inpatient ratios) is refused and writes nothing.
            let bill = Bills.json(
                date: today.value, medType: .generalInpatient, level: .level2, items: [(fen("3000.00"), "01")])
            do {
                _ = try platform.settle(person: p.psnNo, bill: bill, key: key)
                try check(false, "a 广州 inpatient bill was settled")
            } catch let error as PlatformError {
                guard case .settlementRefused = error else {
                    return try check(false, "expected a refusal, got \(error.code)")
                }
                tally["refused by the engine: \(error.code)", default: 0] += 1
            }
            return
        }
        let bill = Bills.random(for: p.choice, on: today.value, using: &rng)
        let own = p.usableBalanceFen
        let holders = model.mutualAidHolders(for: index)
        let result = try platform.settle(person: p.psnNo, bill: bill, key: key)
        let account = result.accountPayFen
        let mutualAid = result.mutualAidPayFen
        let parts = result.fundPayFen + account + mutualAid + result.cashPayFen
        try check(parts == result.medicalFeeFen, "parts \(parts) ≠ medical fee \(result.medicalFeeFen)")
        try check(model.settlements[result.setl_id] == nil, "setl_id \(result.setl_id) reused")
        try check(result.psn_no == p.psnNo, "settled for \(result.psn_no)")
        try check(!account.isNegative && account <= own, "account paid \(account) of a usable balance \(own)")
        if !p.choice.hasAccount { try check(account == .zero, "\(p.choice) keeps no account but it paid \(account)") }
        if mutualAid > .zero, p.choice.hasAccount {
            try check(account == own, "共济 paid \(mutualAid) while the own account still had \(own - account)")
        }
        let available = holders.reduce(Fen.zero) { $0 + $1.1 }
        try check(!mutualAid.isNegative && mutualAid <= available, "共济 \(mutualAid) beyond the holders' \(available)")
        var payers: [(person: Int, amountFen: Fen)] = []
        for payer in result.mutualAidPayers {
            let holder = model.byPsnNo[payer.psnNo]
            let balance = holders.first { $0.0 == holder }?.1
            try check(
                holder != nil && balance != nil, "\(payer.psnNo) paid 共济 without an active grant and a usable balance")
            try check(
                payer.amountFen > .zero && payer.amountFen <= balance ?? .zero,
                "\(payer.psnNo) paid \(payer.amountFen) of \(balance ?? .zero)")
            payers.append((holder ?? 0, payer.amountFen))
        }
        try check(Set(payers.map(\.person)).count == payers.count, "a holder paid twice: \(result.mutualAidPayers)")
        try check(
            payers.reduce(Fen.zero) { $0 + $1.amountFen } == mutualAid,
            "payers \(result.mutualAidPayers) ≠ 共济 \(mutualAid)")
        // Largest balance first: every payer but the last empties its account, and no holder left out had more.
        for payer in payers.dropLast() {
            try check(
                payer.amountFen == model.people[payer.person].usableBalanceFen,
                "payer \(payer) did not pay its whole balance first")
        }
        let paying = Set(payers.map(\.person))
        let smallestPayer = holders.filter { paying.contains($0.0) }.map(\.1).min() ?? Fen(Int64.max)
        let largestLeftOut = holders.filter { !paying.contains($0.0) }.map(\.1).max() ?? .zero
        try check(
            largestLeftOut <= smallestPayer,
            "a holder with \(largestLeftOut) was passed over for one with \(smallestPayer)")
        let (stored, _) = try platform.settlementOutput(setlId: result.setl_id)
        try check(
            stored.accountFen == account && stored.mutualAidFen == mutualAid && stored.personId == p.personId,
            "stored settlement \(stored.setlId) disagrees with the answer")
        if account > .zero { tally["settled with own account", default: 0] += 1 }
        if mutualAid > .zero { tally["settled with 共济 from \(payers.count) holder(s)", default: 0] += 1 }
        if result.cashPayFen > .zero, account + mutualAid > .zero {
            tally["settled with account and cash", default: 0] += 1
        }
        model.people[index].balanceFen -= account
        for payer in payers {
            model.people[payer.person].balanceFen -= payer.amountFen
            touched.insert(payer.person)
        }
        touched.insert(index)
        model.settlements[result.setl_id] = SimulationModel.Settlement(
            setlId: result.setl_id, person: index, accountFen: account,
            payers: payers)
        model.settlementOrder.append(result.setl_id)
        remember(.settle(person: p.psnNo, bill: bill), key: key, result)
    }

    func reverse() throws {
        let key = "reverse-\(step)"
        let open = model.settlementOrder.filter { model.settlements[$0]?.reversed == false }
        let roll = random(100)
        if roll < 5 || model.settlementOrder.isEmpty {
            operation = "reverse unknown"
            return try expectRefusal("settlement_not_found") {
                _ = try platform.reverse(settlement: "SNONE\(step)", key: key)
            }
        }
        if roll < 15, let reversal = model.reversals.sorted().randomElement(using: &rng) {
            operation = "reverse the reversal \(reversal)"
            return try expectRefusal("settlement_is_reversal") {
                _ = try platform.reverse(settlement: reversal, key: key)
            }
        }
        if roll < 25 || open.isEmpty,
            let done = model.settlementOrder.first(where: { model.settlements[$0]?.reversed == true })
        {
            operation = "reverse again \(done)"
            return try expectRefusal("settlement_already_reversed") {
                _ = try platform.reverse(settlement: done, key: key)
            }
        }
        guard let setlId = open.randomElement(using: &rng), let s = model.settlements[setlId] else { return }
        operation = "reverse \(setlId)"
        let result = try platform.reverse(settlement: setlId, key: key)
        try check(result.reversed_setl_id == setlId && result.setl_id == "R" + setlId, "reversal ids \(result)")
        try check(
            result.restoredAccountFen == s.accountFen && result.restoredMutualAidFen == s.mutualAidFen,
            "restored \(result.restoredAccountFen) + \(result.restoredMutualAidFen), "
                + "expected \(s.accountFen) + \(s.mutualAidFen)")
        model.people[s.person].balanceFen += s.accountFen
        touched.insert(s.person)
        for payer in s.payers {
            model.people[payer.person].balanceFen += payer.amountFen
            touched.insert(payer.person)
        }
        model.settlements[setlId]?.reversed = true
        model.reversals.insert(result.setl_id)
        remember(.reverse(setlId: setlId), key: key, result)
    }

    // MARK: 家庭共济 and account status

    func grant() throws {
        let h = randomPerson()
        var r = randomPerson()
        // Mostly a relative in the holder's region, often one who already has a holder, so that some relatives
        // are paid for by several holders at once.
        let region = model.people[h].choice.region
        let aided = model.grants.map(\.relative).filter { $0 != h && model.people[$0].choice.region == region }.sorted()
        let sameRegion = model.people.indices.filter { $0 != h && model.people[$0].choice.region == region }
        if chance(50), let known = aided.randomElement(using: &rng) {
            r = known
        } else if chance(75), let same = sameRegion.randomElement(using: &rng) {
            r = same
        }
        let relation = chance(5) ? "朋友" : relations[random(relations.count)]
        let (holder, relative) = (model.people[h].psnNo, model.people[r].psnNo)
        operation = "grant \(holder) → \(relative) (\(relation))"
        let key = "grant-\(step)"
        if let code = model.grantRefusal(holder: h, relative: r, relation: relation, allowed: relations) {
            return try expectRefusal(code) {
                _ = try platform.grantFamily(holder: holder, relative: relative, relation: relation, key: key)
            }
        }
        let view = try platform.grantFamily(holder: holder, relative: relative, relation: relation, key: key)
        try check(view.holderPsnNo == holder && view.relativePsnNo == relative && view.active, "grant view \(view)")
        model.grants.insert(SimulationModel.Grant(holder: h, relative: r))
        remember(.grant(holder: holder, relative: relative, relation: relation), key: key, view)
    }

    func revoke() throws {
        let key = "revoke-\(step)"
        // Sets iterate in a per-process order: pick from a sorted list so that a seed replays exactly.
        let pair =
            chance(70)
            ? model.grants.sorted { ($0.holder, $0.relative) < ($1.holder, $1.relative) }.randomElement(using: &rng)
            : nil
        let g = pair ?? SimulationModel.Grant(holder: randomPerson(), relative: randomPerson())
        let (holder, relative) = (model.people[g.holder].psnNo, model.people[g.relative].psnNo)
        operation = "revoke \(holder) → \(relative)"
        guard model.grants.contains(g) else {
            return try expectRefusal("grant_not_found") {
                _ = try platform.revokeFamily(holder: holder, relative: relative, key: key)
            }
        }
        let view = try platform.revokeFamily(holder: holder, relative: relative, key: key)
        try check(view.revokedOn == today.value, "revoked on \(String(describing: view.revokedOn))")
        model.grants.remove(g)
        remember(.revoke(holder: holder, relative: relative), key: key, view)
    }

    func changeStatus() throws {
        let index = randomPerson()
        let p = model.people[index]
        let status: AccountStatus = [.active, .active, .frozen, .notActivated][random(4)]
        operation = "account \(p.psnNo) → \(status.rawValue)"
        let key = "status-\(step)"
        let reason = "模拟第 \(step) 步"
        guard p.hasAccount else {
            return try expectRefusal("no_personal_account") {
                _ = try platform.setAccountStatus(person: p.psnNo, status: status, reason: reason, key: key)
            }
        }
        let event = try platform.setAccountStatus(person: p.psnNo, status: status, reason: reason, key: key)
        try check(event.status == status, "status event \(event)")
        model.people[index].accountStatus = status
        touched.insert(index)
        remember(.status(person: p.psnNo, status: status, reason: reason), key: key, event)
    }

    // MARK: idempotency

    /// An earlier successful call sent again with its key returns the first answer and changes nothing.
    func replay() throws {
        guard let done = history.randomElement(using: &rng) else { return try settle() }
        operation = "replay \(done.key)"
        let again = try done.call.invoke(on: platform, key: done.key)
        tally["replayed", default: 0] += 1
        try check(
            again == done.fingerprint, "replay answered differently:\n first \(done.fingerprint)\n again \(again)")
    }

    /// The same key with a different request is refused and changes nothing.
    func sameKeyDifferentRequest() throws {
        guard let done = history.randomElement(using: &rng) else { return try settle() }
        operation = "different request with \(done.key)"
        tally["same key, different request", default: 0] += 1
        do {
            _ = try done.call.altered(otherPerson: "ALTERED").invoke(on: platform, key: done.key)
            try check(false, "the same key with a different request was accepted")
        } catch let error as PlatformError {
            try check(
                error == .existsWithDifferentRequest(key: done.key),
                "expected exists_with_different_request, got \(error.code)")
        }
    }

    // MARK: verification

    /// Every personal account in the store holds what the model says; touched people's statements agree.
    func verifyBalances() throws {
        let accounts = try store.read { try $0.accounts() }.filter { $0.kind == .personal }
        let stored = Dictionary(accounts.map { ($0.ownerPersonId ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
        let expected = model.people.filter(\.hasAccount)
        try check(accounts.count == expected.count, "\(accounts.count) personal accounts, expected \(expected.count)")
        for p in expected {
            let balance = stored[p.personId]?.balanceFen
            try check(
                balance == p.balanceFen,
                "\(p.psnNo) holds \(balance.map(\.description) ?? "no account"), expected \(p.balanceFen)")
            try check(balance.map { !$0.isNegative } ?? false, "\(p.psnNo) is below zero")
        }
        for i in touched.sorted() {
            let p = model.people[i]
            guard p.hasAccount else {
                try expectRefusal("no_personal_account", counted: false) { _ = try platform.statement(person: p.psnNo) }
                continue
            }
            let statement = try platform.statement(person: p.psnNo, limit: Platform.statementRowsMax)
            try check(
                statement.balanceFen == p.balanceFen,
                "statement of \(p.psnNo) shows \(statement.balanceFen), expected \(p.balanceFen)")
            if let oldest = statement.lines.last, statement.lines.count < Platform.statementRowsMax {
                try check(
                    oldest.balanceAfterFen - oldest.amountFen == .zero,
                    "statement of \(p.psnNo) does not start from zero")
            }
        }
    }

    /// The audit passes, the store holds exactly the model's settlements and reversals, and the active grants match.
    func verifyEverything() throws {
        let report = try platform.audit()
        try check(report.ok, "audit: \(report.violations.prefix(5).joined(separator: "; "))")
        let settlements = try allSettlements(store)
        let expectedIds = Set(model.settlements.keys).union(model.reversals)
        try check(
            Set(settlements.keys) == expectedIds,
            "settlements in the store but not the model: \(Set(settlements.keys).subtracting(expectedIds).sorted()); "
                + "in the model but not the store: \(expectedIds.subtracting(settlements.keys).sorted())")
        for (id, s) in model.settlements {
            let row = settlements[id]
            try check(
                row?.accountFen == s.accountFen && row?.mutualAidFen == s.mutualAidFen,
                "settlement \(id) amounts differ")
        }
        let byId = Dictionary(model.people.enumerated().map { ($1.personId, $0) }, uniquingKeysWith: { a, _ in a })
        var active: Set<SimulationModel.Grant> = []
        try store.read { tx in
            for p in model.people {
                for g in try tx.grants(holderPersonId: p.personId) where g.revokedOn == nil {
                    active.insert(
                        SimulationModel.Grant(
                            holder: byId[g.holderPersonId] ?? -1, relative: byId[g.relativePersonId] ?? -1))
                }
            }
        }
        try check(active == model.grants, "active grants \(active.count) differ from the model's \(model.grants.count)")
    }
}
