import Testing
import YibaoCore

@Suite("Ratios applied to money")
struct FenRatioTests {
    @Test(
        "Applying a ratio rounds half away from zero",
        arguments: [
            (Int64(5), Int32(5_000), Int64(3)), (-5, 5_000, -3), (3, 5_000, 2), (-3, 5_000, -2), (4, 5_000, 2),
            (1, 5_000, 1), (1, 4_999, 0), (-1, 5_000, -1), (-1, 4_999, 0), (12_345, 9_000, 11_111),
            (12_345, 10_000, 12_345), (12_345, 0, 0),
        ])
    func applyingRoundsHalfAwayFromZero(fen: Int64, bps: Int32, expected: Int64) {
        #expect(Fen(fen).applying(Bps(bps)) == Fen(expected))
    }

    @Test(
        "The ratio helper rounds exactly at the half on both sides",
        arguments: [
            (Int64(-15), Int64(10), Int64(-2)), (15, 10, 2), (14, 10, 1), (-14, 10, -1), (16, 10, 2), (-16, 10, -2),
            (25, 10, 3), (-25, 10, -3), (49, 100, 0), (50, 100, 1), (-49, 100, 0), (-50, 100, -1), (0, 7, 0),
            (10, 10, 1), (-20, 10, -2),
        ])
    func ratioRoundsAtTheHalf(numerator: Int64, denominator: Int64, expected: Int64) {
        #expect(Fen.ratio(numerator, denominator) == Fen(expected))
    }

    @Test("The largest amount at 100% and at 0% stays exact")
    func largestAmountDoesNotOverflow() {
        #expect(Fen.parseMax.applying(.full) == Fen.parseMax)
        #expect(Fen.parseMax.applying(.zero) == Fen.zero)
        #expect(Fen(-Fen.parseMax.value).applying(.full) == Fen(-Fen.parseMax.value))
    }
}

@Suite("Basis points")
struct BpsTests {
    @Test(
        "Percent text parses exactly to basis points",
        arguments: [("94%", Int32(9_400)), ("96.1%", 9_610), ("0.5%", 50), ("0.05%", 5), ("100%", 10_000), ("0%", 0)])
    func percentParses(text: String, bps: Int32) {
        #expect(Bps.parsePercent(text) == Bps(bps))
    }

    @Test(
        "Percent text over 100%, negative, over-precise or without a percent sign is refused",
        arguments: ["100.01%", "120%", "-5%", "0.001%", "94", "%", "", "abc%", "9 4%"])
    func badPercentIsRefused(text: String) {
        #expect(Bps.parsePercent(text) == nil)
    }

    @Test(
        "Fraction text parses exactly to basis points",
        arguments: [("0.10", Int32(1_000)), ("0.05", 500), ("1", 10_000), ("1.0000", 10_000), ("0.1234", 1_234), ("0", 0)])
    func fractionParses(text: String, bps: Int32) {
        #expect(Bps.parseFraction(text) == Bps(bps))
    }

    @Test(
        "Fraction text over one, signed, over-precise or malformed is refused",
        arguments: ["1.0001", "1.5", "2", "0.12345", "-0.5", "-0", "+0.5", "", ".5", "0.", "abc", "0.1a", "0.1.2"])
    func badFractionIsRefused(text: String) {
        #expect(Bps.parseFraction(text) == nil)
    }

    @Test("Every ratio from 0% to 100% survives a format and parse round trip")
    func everyRatioRoundTrips() {
        for value in Int32(0)...10_000 {
            #expect(Bps.parsePercent(Bps(value).description) == Bps(value), "\(value) bps")
        }
    }

    @Test("Ratios format without trailing zeros", arguments: [(Int32(9_400), "94%"), (9_610, "96.1%"), (50, "0.5%"), (5, "0.05%"), (10_000, "100%")])
    func ratiosFormat(bps: Int32, text: String) {
        #expect(Bps(bps).description == text)
    }
}
