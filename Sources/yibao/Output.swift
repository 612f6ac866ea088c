import ArgumentParser
import Foundation
import YibaoCore

/// How the CLI prints results and errors: pretty JSON on stdout, `{ "code", "message" }` on stderr.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        print(String(decoding: data, as: UTF8.self))
    }

    static func line(_ text: String) { print(text) }

    /// Pushes printed lines out now (acknowledgements must not wait in a buffer). `print` writes through C stdio,
    /// which holds whole blocks when stdout is a pipe; `fflush` empties that buffer (`synchronizeFile`, an fsync of
    /// the descriptor, never reached it).
    static func flush() { fflush(nil) }

    static func stderrInline(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func stderr(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints a typed error as JSON on stderr and returns the exit code to throw (2 = invalid input).
    static func fail(_ error: any YibaoError, extra: [String: Any] = [:]) -> ExitCode {
        var object: [String: Any] = ["code": error.code, "message": error.message]
        for (k, v) in extra { object[k] = v }
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
            stderr(String(decoding: data, as: UTF8.self))
        }
        return ExitCode(2)
    }
}
