/// Text built as UTF-8 bytes by string interpolation, for sentences on hot paths (a settlement's explanation is
/// a dozen of them per pre-settlement).
///
/// `"本次医疗费用合计 \(fen) 元。" as UTF8Text` reads like a `String` interpolation, but its literal pieces are
/// copied as bytes from the binary (a `String` appends each piece after checking and growing its storage, which
/// was most of the cost of an explanation) and amounts are written as digits in place, with no `String` of their
/// own. `string` makes the one `String` at the end.
public struct UTF8Text: ExpressibleByStringInterpolation, ExpressibleByStringLiteral, Sendable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(stringLiteral value: StaticString) {
        bytes = Array(UnsafeBufferPointer(start: value.utf8Start, count: value.utf8CodeUnitCount))
    }

    public init(stringInterpolation: StringInterpolation) {
        bytes = stringInterpolation.bytes
    }

    public init(_ string: String) {
        bytes = []
        UTF8Text.append(string, to: &bytes)
    }

    /// The text as a `String` (the bytes are valid UTF-8: only `String`s and literals are ever appended).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    public var description: String { string }

    public var isEmpty: Bool { bytes.isEmpty }

    /// Whether the text ends with `suffix`'s bytes.
    public func hasSuffix(_ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard bytes.count >= n else { return false }
        return bytes[(bytes.count - n)...].elementsEqual(UnsafeBufferPointer(start: suffix.utf8Start, count: n))
    }

    public static func + (a: UTF8Text, b: UTF8Text) -> UTF8Text {
        var out = a
        out.bytes.append(contentsOf: b.bytes)
        return out
    }

    public static func += (a: inout UTF8Text, b: UTF8Text) {
        a.bytes.append(contentsOf: b.bytes)
    }

    /// `parts` with `separator` between them.
    public static func joined(_ parts: [UTF8Text], separator: StaticString) -> UTF8Text {
        var out = UTF8Text(bytes: [])
        for (i, part) in parts.enumerated() {
            if i > 0 { out.bytes.append(contentsOf: UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount)) }
            out.bytes.append(contentsOf: part.bytes)
        }
        return out
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Appends `string`'s UTF-8 as one block (`withUTF8` on a copy also serves small strings, which have no
    /// contiguous storage to lend).
    static func append(_ string: String, to bytes: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var bytes: [UInt8] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            bytes.reserveCapacity(literalCapacity + 12 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }

        /// An amount, as `Fen.description` writes it ("123.45").
        public mutating func appendInterpolation(_ fen: Fen) {
            fen.appendDescription(to: &bytes)
        }

        public mutating func appendInterpolation(_ text: String) {
            UTF8Text.append(text, to: &bytes)
        }

        public mutating func appendInterpolation(_ text: UTF8Text) {
            bytes.append(contentsOf: text.bytes)
        }

        public mutating func appendInterpolation(_ n: Int) {
            if n >= 0, n < 10 {
                bytes.append(0x30 + UInt8(n))
            } else {
                UTF8Text.append(String(n), to: &bytes)
            }
        }

        public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
            UTF8Text.append(value.description, to: &bytes)
        }
    }
}
