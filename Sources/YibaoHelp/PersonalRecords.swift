/// A person's own records, as far as the help centre needs them: the explanation of their balance.
///
/// Declared here and implemented by the platform (the accounts module), so that YibaoHelp stays free of the
/// store. `Asker` takes it as an optional dependency; without it, a personal question is answered with a
/// plain statement that personal records are not available.
public protocol PersonalRecords: Sendable {
    /// The explanation of the person's balance (an amount, 0 or "—", and why), or nil when the records have
    /// nothing to say about this person.
    func balanceAnswer(person: String) throws -> PersonalAnswer?
}

/// A balance explanation worked out from one person's records.
public struct PersonalAnswer: Sendable, Hashable {
    public let shortAnswer: String
    public let points: [String]
    public let sources: [AnswerSource]
    /// The person's pooling region code, when known.
    public let region: String?

    public init(shortAnswer: String, points: [String] = [], sources: [AnswerSource] = [], region: String? = nil) {
        self.shortAnswer = shortAnswer
        self.points = points
        self.sources = sources
        self.region = region
    }
}
