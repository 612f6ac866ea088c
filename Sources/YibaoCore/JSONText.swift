/// A small JSON text writer for hot paths (a settlement's stored result), where Foundation's encoder costs
/// more than the settlement itself. Output is standard JSON; strings are escaped per RFC 8259.
///
/// Everything is appended to one UTF-8 buffer in place (keys and values are never built as strings of their own), and
/// escaping works on UTF-8 bytes: escapes only ever replace ASCII bytes, so multi-byte characters pass through.
public struct JSONText: Sendable {
    private var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    /// The JSON written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The same as UTF-8 bytes, for a caller that sends them on as they are (an HTTP body): making a `String` of
    /// them validates every byte again, which for a settlement with its explanation showed in profiles. The
    /// bytes are valid UTF-8 by construction (only `String`s and ASCII are ever appended).
    public var utf8: [UInt8] { bytes }

    public init() {}

    /// A writer whose text has room for `capacity` UTF-8 bytes before it grows.
    public init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    public static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count + 2)
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C
    }

    /// Whether any byte needs escaping, eight bytes at a time (a settlement's answer is a few kilobytes of text,
    /// and a byte-by-byte test was a tenth of a pre-settlement's instructions). For a word `w`, a byte below 0x20
    /// shows as a high bit in `(w - 0x20…) & ~w`, and a byte equal to `c` as one below 0x01 in `w ^ c…`; bytes of
    /// 0x80 and above never count (`& ~w` clears them), and a borrow only runs from a byte that already counted.
    static func anyNeedsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasByteBelow(_ w: UInt64, _ n: UInt8) -> Bool {
            (w &- ones &* UInt64(n)) & ~w & highs != 0
        }
        var i = 0
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= utf8.count {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if hasByteBelow(w, 0x20) || hasByteBelow(w ^ (ones &* 0x22), 1) || hasByteBelow(w ^ (ones &* 0x5C), 1) {
                    return true
                }
                i += 8
            }
        }
        while i < utf8.count {
            if needsEscape(utf8[i]) { return true }
            i += 1
        }
        return false
    }

    /// Appends `s` as a JSON string literal to UTF-8 bytes.
    static func appendQuoted(_ s: String, to bytes: inout [UInt8]) {
        bytes.append(0x22)
        // Most text needs no escaping: check the bytes once and copy them as they are, as one block. (`withUTF8`
        // on a copy: a small string, such as an amount or a key, has no contiguous storage to lend, and appending
        // a `String.UTF8View` to an array goes byte by byte.)
        var text = s
        let plain = text.withUTF8 { utf8 -> Bool in
            guard !anyNeedsEscape(utf8) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain {
            bytes.reserveCapacity(bytes.count + s.utf8.count + s.utf8.count / 4 + 16)
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
        }
        bytes.append(0x22)
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func key(_ k: String?) {
        separator()
        if let k {
            JSONText.appendQuoted(k, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
        }
    }

    public mutating func beginObject(_ k: String? = nil) {
        key(k)
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray(_ k: String? = nil) {
        key(k)
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func string(_ k: String?, _ value: String?) {
        key(k)
        if let value { JSONText.appendQuoted(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    public mutating func int(_ k: String?, _ value: Int) {
        key(k)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func bool(_ k: String?, _ value: Bool) {
        key(k)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Appends an already valid JSON value (another writer's text) under `k`.
    public mutating func raw(_ k: String?, _ json: String) {
        key(k)
        var json = json
        json.withUTF8 { bytes.append(contentsOf: $0) }
    }
}
