import YibaoCore

/// What an answer was built from.
public enum AnswerKind: String, Sendable, Codable, CaseIterable {
    /// The asker's own records (balance explanation).
    case personal
    /// Figures straight from a policy pack (credit, deductible, ratio, bill estimate, cap, waiting period).
    case calculation
    /// The best article.
    case article
    /// Nothing on the region or rule asked about; says so, with the national rule where one applies.
    case noData = "no_data"
    /// A place name that fits several places: the answer asks which one is meant.
    case clarify
}

/// A source shown under an answer.
public struct AnswerSource: Sendable, Hashable, Codable {
    public let title: String
    public let urlOrDocument: String
    public let date: String?
    /// `official`, `reported` or `placeholder` where known.
    public let confidence: String?

    public init(title: String, urlOrDocument: String, date: String? = nil, confidence: String? = nil) {
        self.title = title
        self.urlOrDocument = urlOrDocument
        self.date = date
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case title
        case urlOrDocument = "url_or_doc"
        case date, confidence
    }
}

/// A related article under an answer.
public struct RelatedItem: Sendable, Hashable, Codable {
    public let id: String
    public let title: String
    public let excerpt: String
    public let date: String?
}

/// A place the asker may have meant, when a name is ambiguous.
public struct RegionCandidate: Sendable, Hashable, Codable {
    public let code: String
    public let name: String
    /// Parent names, nearest first ("北京市").
    public let within: String
}

/// The answer to one question, as `yibao ask --json` prints it.
public struct AskAnswer: Sendable, Encodable {
    public let question: String
    /// Pooling region code the answer is about (or the place named, when it has no pooling region).
    public let region: String?
    public let kind: AnswerKind
    public let shortAnswer: String
    public let points: [String]
    public let sources: [AnswerSource]
    public let related: [RelatedItem]
    public let disclaimer: String?
    /// The article the answer comes from (kind `article`).
    public let articleID: String?
    /// The places an ambiguous name may mean (kind `clarify`).
    public let candidates: [RegionCandidate]?

    public static let healthDisclaimer = "本内容不能代替面诊，如有不适请尽快就医。"

    enum CodingKeys: String, CodingKey {
        case question, region, kind, points, sources, related, disclaimer, candidates
        case shortAnswer = "short_answer"
        case articleID = "article_id"
    }

    /// `region` is always present (null when none); `disclaimer`, `article_id` and `candidates` only when set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(question, forKey: .question)
        try c.encode(region, forKey: .region)
        try c.encode(kind, forKey: .kind)
        try c.encode(shortAnswer, forKey: .shortAnswer)
        try c.encode(points, forKey: .points)
        try c.encode(sources, forKey: .sources)
        try c.encode(related, forKey: .related)
        try c.encodeIfPresent(disclaimer, forKey: .disclaimer)
        try c.encodeIfPresent(articleID, forKey: .articleID)
        try c.encodeIfPresent(candidates, forKey: .candidates)
    }

    /// The short answer and the points as one text (what the evaluation checks facts against).
    public var text: String { ([shortAnswer] + points).joined(separator: "\n") }
}
