import Foundation

/// One row of the development question set (`Content/eval/questions.tsv`).
public struct EvalQuestion: Sendable, Hashable {
    public let question: String
    /// The article a search should rank first; nil for `-` (no article expected).
    public let expectedArticle: String?
    /// Facts the answer's short answer and points must all contain.
    public let requiredFacts: [String]
    /// Expected answer kind: article, calculation or no_data.
    public let kind: String
}

/// The figures of one evaluation run.
public struct EvalReport: Sendable {
    public struct Miss: Sendable {
        public let question: String
        public let expected: String?
        public let rankedTop3: [String]
        public let missingFacts: [String]
        public let expectedKind: String
        public let kind: String
    }

    public var questions = 0
    /// Rows with an expected article.
    public var ranked = 0
    public var top1 = 0
    public var top3 = 0
    public var reciprocalRankSum = 0.0
    public var factsCovered = 0
    public var kindMatches = 0
    public var misses: [Miss] = []

    public var top1Rate: Double { ranked == 0 ? 0 : Double(top1) / Double(ranked) }
    public var top3Rate: Double { ranked == 0 ? 0 : Double(top3) / Double(ranked) }
    public var meanReciprocalRank: Double { ranked == 0 ? 0 : reciprocalRankSum / Double(ranked) }
    public var factCoverage: Double { questions == 0 ? 0 : Double(factsCovered) / Double(questions) }
    public var kindAccuracy: Double { questions == 0 ? 0 : Double(kindMatches) / Double(questions) }
}

/// Runs the question set: top-1 / top-3 hit rate and MRR of the search (over the first 10 results), the share
/// of answers that contain every required fact, and the share whose kind is the expected one.
///
/// Facts are compared after normalisation (half-width, lower case) with spaces removed, so "124.72 元" in
/// an answer satisfies the fact "124.72元".
public enum HelpEvaluation {
    /// Most rows read from one question file.
    public static let questionsMax = 10_000
    /// Results looked at for the reciprocal rank.
    public static let rankDepth = 10

    public static func parse(_ tsv: String) throws(HelpError) -> [EvalQuestion] {
        var rows: [EvalQuestion] = []
        for (index, raw) in tsv.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        )
        .enumerated() {
            let line = String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") || line.hasPrefix("question\t")
            {
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard fields.count >= 2, !fields[0].isEmpty else {
                throw .evalMalformedLine(line: index + 1, reason: "至少需要“问题”和“期望文章”两列（以制表符分隔）。")
            }
            guard rows.count < questionsMax else { break }
            let facts =
                fields.count > 2 && fields[2] != "-"
                ? fields[2].split(separator: "|").map {
                    $0.trimmingCharacters(in: .whitespaces)
                }.filter { !$0.isEmpty } : []
            rows.append(
                EvalQuestion(
                    question: fields[0], expectedArticle: fields[1] == "-" || fields[1].isEmpty ? nil : fields[1],
                    requiredFacts: facts, kind: fields.count > 3 && !fields[3].isEmpty ? fields[3] : "article"))
        }
        return rows
    }

    public static func bundledQuestions() throws(HelpError) -> [EvalQuestion] {
        let url = try HelpResources.bundledContentDirectory().appendingPathComponent("eval/questions.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw .contentMissing(path: url.path) }
        return try parse(text)
    }

    public static func run(_ questions: [EvalQuestion], asker: Asker) -> EvalReport {
        var report = EvalReport()
        for q in questions {
            report.questions += 1
            var top3: [String] = []
            if let expected = q.expectedArticle {
                report.ranked += 1
                let ids = ((try? asker.search(q.question, limit: rankDepth, snippets: false)) ?? []).map(\.article.id)
                top3 = Array(ids.prefix(3))
                if ids.first == expected { report.top1 += 1 }
                if top3.contains(expected) { report.top3 += 1 }
                if let rank = ids.firstIndex(of: expected) { report.reciprocalRankSum += 1 / Double(rank + 1) }
            }
            let answer = try? asker.ask(q.question)
            let text = comparable(answer?.text ?? "")
            let missing = q.requiredFacts.filter { !text.contains(comparable($0)) }
            if missing.isEmpty { report.factsCovered += 1 }
            let kind = answer?.kind.rawValue ?? "error"
            if kind == q.kind { report.kindMatches += 1 }
            let rankMiss = q.expectedArticle.map { !top3.contains($0) } ?? false
            if rankMiss || !missing.isEmpty || kind != q.kind {
                report.misses.append(
                    .init(
                        question: q.question, expected: q.expectedArticle, rankedTop3: top3,
                        missingFacts: missing, expectedKind: q.kind, kind: kind))
            }
        }
        return report
    }

    static func comparable(_ text: String) -> String {
        Analyzer.normalized(text).filter { !$0.isWhitespace }
    }
}
