/// An operating error that can be shown to a person: a stable machine code and a Chinese message.
///
/// Every typed error of the project conforms, so that the CLI and the server map any of them to
/// `{ "code": "…", "message": "中文说明" }` the same way.
public protocol YibaoError: Error, Sendable {
    /// Stable snake_case code, e.g. `amount_too_many_decimals`.
    var code: String { get }
    /// Plain Simplified Chinese sentence for the person who sent the input.
    var message: String { get }
}
