import YibaoCore

/// Why a pack file could not be read or is not valid. `path` is the dotted location in the file.
public struct PolicyPackError: YibaoError, Equatable, CustomStringConvertible {
    public let file: String
    public let path: String
    public let problem: String

    public init(file: String, path: String, problem: String) {
        self.file = file
        self.path = path
        self.problem = problem
    }

    public var code: String { "policy_pack_invalid" }
    public var message: String { "政策包 \(file) 无效：\(path.isEmpty ? "" : "\(path)：")\(problem)" }
    public var description: String { message }
}
