import Foundation

/// A strict JSON object parser for bills, producing the same values as `JSONSerialization` (Swift strings,
/// `NSNull`, `[Any]`, `[String: Any]`; numbers and booleans as the `NSNumber`s `JSONSerialization` makes of the
/// same token), without Foundation's per-value bridging, which cost more than settling the bill.
///
/// It accepts only plain documents: anything else (a duplicate key, a lone surrogate, invalid UTF-8, deep
/// nesting, a syntax error) returns nil, and the caller falls back to `JSONSerialization`, so that what is
/// accepted and every error message stay exactly those of Foundation.
struct BillJSONParser {
    /// Deepest nesting the fast path takes (a bill is three levels deep); deeper documents go to Foundation.
    static let depthMax = 16

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The top-level object of `data`, or nil when the fast path does not take the document.
    static func object(_ data: Data) -> [String: Any]? {
        data.withUnsafeBytes { raw -> [String: Any]? in
            var parser = BillJSONParser(raw.bindMemory(to: UInt8.self))
            parser.skipWhitespace()
            guard parser.peek() == UInt8(ascii: "{"), let value = parser.object(depth: 1) else { return nil }
            parser.skipWhitespace()
            guard parser.index == parser.bytes.count else { return nil }
            return value
        }
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) -> Any? {
        skipWhitespace()
        guard let byte = peek() else { return nil }
        switch byte {
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "{"): return depth < Self.depthMax ? object(depth: depth + 1) : nil
        case UInt8(ascii: "["): return depth < Self.depthMax ? array(depth: depth + 1) : nil
        case UInt8(ascii: "n"): return literal("null") ? NSNull() : nil
        default: return scalar()
        }
    }

    private mutating func object(depth: Int) -> [String: Any]? {
        index += 1  // {
        var out: [String: Any] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return out
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\""), let key = string() else { return nil }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let v = value(depth: depth) else { return nil }
            // Foundation's choice between duplicates is its own business: leave such documents to it.
            guard out.updateValue(v, forKey: key) == nil else { return nil }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return out
            default: return nil
            }
        }
    }

    private mutating func array(depth: Int) -> [Any]? {
        index += 1  // [
        var out: [Any] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return out
        }
        while true {
            guard let v = value(depth: depth) else { return nil }
            out.append(v)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return out
            default: return nil
            }
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for i in 0..<count where bytes[index + i] != word.utf8Start[i] { return false }
        index += count
        return true
    }

    /// A number, `true` or `false`: rare in bills (amounts are strings), so the token is handed to
    /// `JSONSerialization`, which makes exactly the `NSNumber` it would have made in the whole document.
    private mutating func scalar() -> Any? {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
                UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                index += 1
            default:
                guard index > start else { return nil }
                return Self.foundationScalar(Data(bytes[start..<index]))
            }
        }
        return nil  // a document cannot end inside an object
    }

    private static func foundationScalar(_ token: Data) -> Any? {
        guard let v = try? JSONSerialization.jsonObject(with: token, options: .fragmentsAllowed), v is NSNumber else { return nil }
        return v
    }

    private mutating func string() -> String? {
        index += 1  // opening quote
        let start = index
        // Plain run: no escapes, no control characters; validated as UTF-8 in one go.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let s = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return s
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        return escapedString(from: start)
    }

    /// A string with escapes, decoded into UTF-8 bytes and validated at the end.
    private mutating func escapedString(from start: Int) -> String? {
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return String(validating: utf8, as: UTF8.self)
            case 0..<0x20: return nil
            case UInt8(ascii: "\\"):
                guard let escape = peek() else { return nil }
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    utf8.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default: utf8.append(byte)
            }
        }
        return nil
    }

    /// `\uXXXX`, or a surrogate pair `\uD83D\uDE00`; a lone surrogate is left to Foundation.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            index += 1
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
            v = v << 4 | digit
        }
        return v
    }
}

extension Bill {
    /// The bill document as a JSON object, as `JSONSerialization` reads it (plain documents without it), or nil
    /// when it is not a JSON object.
    public static func jsonObject(_ data: Data) -> [String: Any]? {
        if let fast = BillJSONParser.object(data) { return fast }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
