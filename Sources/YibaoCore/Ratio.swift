/// A ratio in basis points (10000 = 100%), the only ratio type used near money.
public struct Bps: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: Int32

    public static let zero = Bps(0)
    public static let full = Bps(10_000)

    @inlinable public init(_ value: Int32) { self.value = value }
    @inlinable public static func < (a: Bps, b: Bps) -> Bool { a.value < b.value }

    /// "94%", "96.1%", "0.5%": percent with up to two decimals, trailing zeros dropped.
    public var description: String {
        let whole = value / 100
        let frac = value % 100
        if frac == 0 { return "\(whole)%" }
        if frac % 10 == 0 { return "\(whole).\(frac / 10)%" }
        return "\(whole).\(frac < 10 ? "0" : "")\(frac)%"
    }

    /// Parses a percent text ("94%", "96.1%", "5%") exactly into basis points.
    public static func parsePercent(_ text: String) -> Bps? {
        guard text.hasSuffix("%") else { return nil }
        guard let fen = try? Fen.parse(String(text.dropLast()), max: Fen(10_000)) else { return nil }
        return Bps(Int32(fen.value))
    }

    /// Parses a fraction text ("0.10", "0.05", "1") exactly into basis points; at most four decimals.
    public static func parseFraction(_ text: String) -> Bps? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        // Digits only before the point: Int32("-0") is 0, which would turn "-0.5" into +50%.
        guard parts.count <= 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
            let whole = Int32(parts[0]), whole <= 1
        else { return nil }
        var frac: Int32 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                let d = Int32(digits)
            else { return nil }
            var scale: Int32 = 1
            for _ in digits.count..<4 { scale *= 10 }
            frac = d * scale
        }
        let total = whole * 10_000 + frac
        return total <= 10_000 ? Bps(total) : nil
    }
}

extension Fen {
    /// `self × ratio`, rounded half away from zero to the fen.
    ///
    /// The only place where a ratio meets money: integer arithmetic in a 128-bit-safe range
    /// (amounts are bounded by `Fen.parseMax`, ratios by 100%), so it cannot overflow.
    @inlinable public func applying(_ ratio: Bps) -> Fen {
        Fen.ratio(self.value * Int64(ratio.value), 10_000)
    }

    /// `numerator / denominator` rounded half away from zero, as fen.
    @inlinable public static func ratio(_ numerator: Int64, _ denominator: Int64) -> Fen {
        precondition(denominator > 0, "ratio denominator must be positive")
        let q = numerator / denominator
        let r = numerator % denominator
        if r.magnitude * 2 >= UInt64(denominator) {
            return Fen(numerator < 0 ? q - 1 : q + 1)
        }
        return Fen(q)
    }
}

extension Bps: Codable {
    /// Bps encodes as a plain integer of basis points (our own JSON's `…Bps` fields).
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int32.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
