import Foundation
import Hummingbird

/// The fields of a posted HTML form (`application/x-www-form-urlencoded`), within named limits. Values are
/// trimmed; a field that is absent reads as "".
struct PageForm: Sendable {
    /// Fields read from one form, and characters kept of one value: the largest form (enrolment) has 14.
    static let fieldsMax = 32
    static let valueCharactersMax = 2_000

    private(set) var fields: [String: String] = [:]

    /// Reads a request's body (already collected within the body limit by `EdgeMiddleware`).
    static func read(_ request: Request, bytesMax: Int) async throws -> PageForm {
        var request = request
        let buffer = try await request.collectBody(upTo: bytesMax)
        return PageForm(urlEncoded: String(buffer: buffer))
    }

    init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(PageForm.fieldsMax) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PageForm.decode(parts[0]), !name.isEmpty else { continue }
            let value = parts.count > 1 ? PageForm.decode(parts[1]) ?? "" : ""
            // The first value of a repeated name wins, as a browser sends a form's fields in document order.
            if fields[name] == nil {
                fields[name] = String(value.trimmingCharacters(in: .whitespacesAndNewlines).prefix(PageForm.valueCharactersMax))
            }
        }
    }

    subscript(_ name: String) -> String { fields[name] ?? "" }

    /// A field, or nil when it was left empty.
    func optional(_ name: String) -> String? {
        let value = self[name]
        return value.isEmpty ? nil : value
    }

    static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}

/// Text helpers of the pages: HTML escaping for the few fragments a page builds itself (snippets, the chart),
/// and the random values forms carry.
enum PageText {
    /// Escapes the five characters that matter in HTML text and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A search snippet as HTML: the text escaped, and the matches YibaoHelp marks with 【】 as `<mark>`.
    /// An unbalanced bracket is closed at the end, so the markup is always well formed.
    static func highlight(_ snippet: String) -> String {
        var out = ""
        var open = false
        for c in snippet {
            if c == "【" && !open {
                out += "<mark>"
                open = true
            } else if c == "】" && open {
                out += "</mark>"
                open = false
            } else {
                out += escape(String(c))
            }
        }
        if open { out += "</mark>" }
        return out
    }

    /// A random value for cookies and idempotency keys: 32 bytes, base64url without padding (43 characters).
    static func randomValue() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Whether a posted idempotency key is one of ours (what `randomValue` makes).
    static func isFormKey(_ key: String) -> Bool {
        key.utf8.count == 43 && key.unicodeScalars.allSatisfy {
            ("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    /// `next` after sign-in: a path on this site only (not `//host` or `/\host`, which browsers treat as
    /// another site), else the default.
    static func localPath(_ next: String, default fallback: String) -> String {
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.count <= 200,
            next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F })
        else { return fallback }
        return next
    }

    /// A query value percent-encoded for a link (`/help/search?q=…`).
    static func queryEncoded(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
