/// An amount of money in fen (分, 1/100 yuan), the only money type inside Yibao.
///
/// Money never passes through floating point: text such as "123.45" is parsed digit by digit straight
/// into fen, and arithmetic traps on overflow (a programmer error), while parsing reports overflow as a
/// typed error (an operating error).
public struct Fen: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: Int64

    /// Largest amount any parsed input may carry: 99,999,999,999.99 yuan, far beyond any bill,
    /// so that sums of many amounts stay far from `Int64` overflow.
    public static let parseMax = Fen(9_999_999_999_999)
    public static let zero = Fen(0)

    @inlinable public init(_ value: Int64) { self.value = value }
    @inlinable public init(yuan: Int64) { self.value = yuan * 100 }

    @inlinable public static func < (a: Fen, b: Fen) -> Bool { a.value < b.value }
    @inlinable public static func + (a: Fen, b: Fen) -> Fen { Fen(a.value + b.value) }
    @inlinable public static func - (a: Fen, b: Fen) -> Fen { Fen(a.value - b.value) }
    @inlinable public static func += (a: inout Fen, b: Fen) { a.value += b.value }
    @inlinable public static func -= (a: inout Fen, b: Fen) { a.value -= b.value }
    @inlinable public static func * (a: Fen, n: Int64) -> Fen { Fen(a.value * n) }

    @inlinable public var isNegative: Bool { value < 0 }

    /// "123.45", "-0.05", "0.00": always two decimals, no thousands separators.
    public var description: String {
        // Digits written right to left into a small buffer: a settlement's output and explanation print dozens of
        // amounts, and joining four strings per amount showed in profiles.
        withDigits { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends what `description` is to UTF-8 bytes, without making a `String`.
    public func appendDescription(to bytes: inout [UInt8]) {
        withDigits { bytes.append(contentsOf: $0) }
    }

    /// Calls `body` with the UTF-8 of `description`, written right to left into a buffer on the stack.
    func withDigits<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var magnitude = value.magnitude
            var i = 24
            func put(_ byte: UInt8) {
                i -= 1
                buffer[i] = byte
            }
            let cents = UInt8(magnitude % 100)
            magnitude /= 100
            put(48 + cents % 10)
            put(48 + cents / 10)
            put(UInt8(ascii: "."))
            repeat {
                put(48 + UInt8(magnitude % 10))
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { put(UInt8(ascii: "-")) }
            return body(UnsafeBufferPointer(rebasing: buffer[i..<24]))
        }
    }

    /// Same as `description`, with a "¥" sign for receipts.
    public var yuanText: String { description }
}

/// Why a money text was refused.
public enum FenParseError: YibaoError, Equatable {
    case empty
    case invalidCharacter(String)
    case tooManyDecimals(String)
    case negativeNotAllowed(String)
    case outOfRange(String)

    public var code: String {
        switch self {
        case .empty: "amount_empty"
        case .invalidCharacter: "amount_invalid"
        case .tooManyDecimals: "amount_too_many_decimals"
        case .negativeNotAllowed: "amount_negative"
        case .outOfRange: "amount_out_of_range"
        }
    }

    public var message: String {
        switch self {
        case .empty: "金额不能为空。"
        case .invalidCharacter(let s): "金额“\(s)”格式不正确，应为数字，例如 123.45。"
        case .tooManyDecimals(let s): "金额“\(s)”超过两位小数，金额最小单位为分。"
        case .negativeNotAllowed(let s): "金额“\(s)”不能为负数。"
        case .outOfRange(let s): "金额“\(s)”超出允许范围。"
        }
    }
}

extension Fen {
    /// Parses yuan text ("123.45", "123", "0.05", "12.3") straight to fen.
    ///
    /// - Parameters:
    ///   - text: digits with at most one "." and at most two decimals; a leading "-" only when allowed.
    ///   - allowNegative: whether a leading "-" is accepted.
    ///   - max: the largest magnitude accepted (defaults to `parseMax`).
    public static func parse(_ text: String, allowNegative: Bool = false, max: Fen = .parseMax) throws(FenParseError)
        -> Fen
    {
        var bytes = Substring(text).utf8[...]
        guard !bytes.isEmpty else { throw .empty }
        var negative = false
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") {
            negative = bytes.first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
            if negative && !allowNegative { throw .negativeNotAllowed(text) }
        }
        guard !bytes.isEmpty else { throw .invalidCharacter(text) }
        var fen: Int64 = 0
        var decimals = -1  // -1: no point seen yet
        var digitsBeforePoint = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard decimals == -1, digitsBeforePoint > 0 else { throw .invalidCharacter(text) }
                decimals = 0
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .invalidCharacter(text) }
            if decimals >= 0 {
                decimals += 1
                if decimals > 2 { throw .tooManyDecimals(text) }
            } else {
                digitsBeforePoint += 1
            }
            let (times10, o1) = fen.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if o1 || o2 || next > max.value * 100 { throw .outOfRange(text) }
            fen = next
        }
        if decimals == 0 { throw .invalidCharacter(text) }  // "12." is not a number people write
        let scale: Int64 = decimals == 1 ? 10 : (decimals == 2 ? 1 : 100)
        let (scaled, overflow) = fen.multipliedReportingOverflow(by: scale)
        if overflow || scaled > max.value { throw .outOfRange(text) }
        return Fen(negative ? -scaled : scaled)
    }
}

extension Fen: Codable {
    /// Fen encodes as an integer number of fen (our own API's `…Fen` fields).
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
