import YibaoCore
import YibaoHelp
import YibaoPolicy

/// The help centre's view of a person's own records: the balance explanation, as a personal answer to
/// "为什么我的个人账户余额显示一条杠/为 0" (YibaoHelp declares the protocol; the platform implements it).
public struct BalanceRecords: PersonalRecords {
    let platform: Platform

    public init(platform: Platform) {
        self.platform = platform
    }

    public func balanceAnswer(person: String) throws -> PersonalAnswer? {
        let view = try platform.balance(person: person)
        let shown = view.display == "—" ? "显示为“—”" : "为 \(view.display) 元"
        let short: String
        if let first = view.reasons.first {
            short = "您的个人账户余额\(shown)。\(first.message)"
        } else {
            short = "您的个人账户余额\(shown)，账户状态正常，余额为历次划入减去支出后的结果。"
        }
        // The first reason is the short answer; the points give what to do, then any further reasons.
        var points = view.reasons.first.map { $0.action.isEmpty ? [] : ["办理建议：\($0.action)"] } ?? []
        points += view.reasons.dropFirst().map { r in r.action.isEmpty ? r.message : "\(r.message)办理建议：\(r.action)" }
        return PersonalAnswer(shortAnswer: short, points: points, sources: sources(view), region: view.region)
    }

    /// The pack sources behind the person's scheme (whether it keeps an account, how it is credited).
    func sources(_ view: BalanceView) -> [AnswerSource] {
        guard let region = view.region, let pack = try? platform.structurePack(region: region, around: try platform.today())
        else { return [] }
        var keys: [Provenance] = []
        for scheme in pack.schemes where scheme.label == view.scheme {
            keys.append(scheme.provenance)
            if let p = scheme.crediting?.inService?.provenance { keys.append(p) }
            if let p = scheme.crediting?.retired?.provenance { keys.append(p) }
        }
        var seen: Set<String> = []
        return keys.compactMap { p in
            guard seen.insert(p.source).inserted, let s = pack.sources[p.source] else { return nil }
            return AnswerSource(title: s.title, urlOrDocument: s.url, date: s.date, confidence: p.confidence.rawValue)
        } + [AnswerSource(title: "本人参保与个人账户记录", urlOrDocument: "yibao:person/\(view.psn_no)", date: nil, confidence: nil)]
    }
}
