/// A small JSON text writer for hot paths (a settlement's stored result), where Foundation's encoder costs
/// more than the settlement itself. Output is standard JSON; strings are escaped per RFC 8259.
///
/// Everything is appended to one string in place (keys and values are never built as strings of their own), and
/// escaping works on UTF-8 bytes: escapes only ever replace ASCII bytes, so multi-byte characters pass through.
public struct JSONText: Sendable {
    public private(set) var text = ""
    private var needsComma: [Bool] = [false]

    public init() {}

    /// A writer whose text has room for `capacity` UTF-8 bytes before it grows.
    public init(capacity: Int) {
        text.reserveCapacity(capacity)
    }

    public static func quoted(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return out
    }

    @inline(__always) static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    /// Appends `s` as a JSON string literal.
    public static func appendQuoted(_ s: String, to out: inout String) {
        out.append("\"")
        // Most text needs no escaping: check the bytes once and append it as it is.
        let plain = s.utf8.withContiguousStorageIfAvailable { !$0.contains(where: needsEscape) }
            ?? !s.utf8.contains(where: needsEscape)
        if plain {
            out.append(s)
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(s.utf8.count + s.utf8.count / 4 + 16)
            for byte in s.utf8 {
                guard needsEscape(byte) else {
                    bytes.append(byte)
                    continue
                }
                bytes.append(0x5C)  // backslash
                switch byte {
                case 0x22, 0x5C: bytes.append(byte)  // \" \\
                case 0x0A: bytes.append(0x6E)  // \n
                case 0x0D: bytes.append(0x72)  // \r
                case 0x09: bytes.append(0x74)  // \t
                default:  // \u00XX, lower-case hex
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(0x75)
                    bytes.append(0x30)
                    bytes.append(0x30)
                    bytes.append(hex.utf8Start[Int(byte >> 4)])
                    bytes.append(hex.utf8Start[Int(byte & 0x0F)])
                }
            }
            out.append(String(decoding: bytes, as: UTF8.self))
        }
        out.append("\"")
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text.append(",") }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func key(_ k: String?) {
        separator()
        if let k {
            JSONText.appendQuoted(k, to: &text)
            text.append(":")
        }
    }

    public mutating func beginObject(_ k: String? = nil) {
        key(k)
        text.append("{")
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        text.append("}")
    }

    public mutating func beginArray(_ k: String? = nil) {
        key(k)
        text.append("[")
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        text.append("]")
    }

    public mutating func string(_ k: String?, _ value: String?) {
        key(k)
        if let value { JSONText.appendQuoted(value, to: &text) } else { text.append("null") }
    }

    public mutating func int(_ k: String?, _ value: Int) {
        key(k)
        text.append(String(value))
    }

    public mutating func bool(_ k: String?, _ value: Bool) {
        key(k)
        text.append(value ? "true" : "false")
    }

    /// Appends an already valid JSON value (another writer's text) under `k`.
    public mutating func raw(_ k: String?, _ json: String) {
        key(k)
        text.append(json)
    }
}
