import Testing
import YibaoCore

@Suite("Fen parsing")
struct FenParseTests {
    @Test(
        "Yuan text parses straight to fen",
        arguments: [
            ("123.45", Int64(12_345)), ("123", 12_300), ("0.05", 5), ("12.3", 1_230), ("0", 0), ("0.00", 0),
            ("007.10", 710),
        ])
    func yuanTextParsesToFen(text: String, fen: Int64) throws {
        #expect(try Fen.parse(text) == Fen(fen))
    }

    @Test("The largest amount is accepted and one fen more is refused as out of range")
    func maxIsAcceptedAndOneFenMoreIsRefused() throws {
        #expect(try Fen.parse("99999999999.99") == Fen.parseMax)
        #expect(throws: FenParseError.outOfRange("100000000000.00")) { try Fen.parse("100000000000.00") }
        #expect(throws: FenParseError.outOfRange("100000000000")) { try Fen.parse("100000000000") }
    }

    @Test("The largest negative amount is accepted and one fen more is refused")
    func negativeMaxIsAcceptedAndOneFenMoreIsRefused() throws {
        #expect(try Fen.parse("-99999999999.99", allowNegative: true) == Fen(-Fen.parseMax.value))
        #expect(throws: FenParseError.outOfRange("-100000000000.00")) {
            try Fen.parse("-100000000000.00", allowNegative: true)
        }
    }

    @Test("A caller's own maximum is a boundary on both sides")
    func callerMaximumIsABoundary() throws {
        #expect(try Fen.parse("600.00", max: Fen(60_000)) == Fen(60_000))
        #expect(throws: FenParseError.outOfRange("600.01")) { try Fen.parse("600.01", max: Fen(60_000)) }
    }

    @Test("Digits beyond Int64 are refused as out of range, not trapped")
    func digitsBeyondInt64AreOutOfRange() {
        let text = String(repeating: "9", count: 40)
        #expect(throws: FenParseError.outOfRange(text)) { try Fen.parse(text) }
    }

    @Test("Two decimals are accepted and a third is refused")
    func thirdDecimalIsRefused() throws {
        #expect(try Fen.parse("0.01") == Fen(1))
        #expect(throws: FenParseError.tooManyDecimals("0.005")) { try Fen.parse("0.005") }
        #expect(throws: FenParseError.tooManyDecimals("1.000")) { try Fen.parse("1.000") }
    }

    @Test("A negative amount is refused unless negatives are allowed")
    func negativeNeedsPermission() throws {
        #expect(throws: FenParseError.negativeNotAllowed("-1.00")) { try Fen.parse("-1.00") }
        #expect(try Fen.parse("-1.00", allowNegative: true) == Fen(-100))
        #expect(try Fen.parse("-0.05", allowNegative: true) == Fen(-5))
    }

    @Test("Empty text is refused as empty")
    func emptyIsRefused() {
        #expect(throws: FenParseError.empty) { try Fen.parse("") }
    }

    @Test(
        "Text that is not a plain decimal number is refused as an invalid character",
        arguments: ["1.2.3", "abc", "1e5", " 1", "1 ", "12.", ".5", "1,000", "¥1", "１", "0x10", "-"])
    func malformedTextIsInvalid(text: String) {
        #expect(throws: FenParseError.invalidCharacter(text)) { try Fen.parse(text, allowNegative: true) }
    }

    @Test("Errors carry a stable code and a message that quotes the input")
    func errorsHaveCodeAndMessage() {
        let error = FenParseError.tooManyDecimals("0.005")
        #expect(error.code == "amount_too_many_decimals")
        #expect(error.message.contains("0.005"))
        #expect(FenParseError.empty.code == "amount_empty")
        #expect(FenParseError.outOfRange("1").code == "amount_out_of_range")
    }
}

@Suite("Fen formatting")
struct FenFormatTests {
    @Test(
        "Amounts format with two decimals and a minus sign",
        arguments: [
            (Int64(5), "0.05"), (-5, "-0.05"), (12_340, "123.40"), (12_345, "123.45"), (0, "0.00"),
            (-100, "-1.00"), (Fen.parseMax.value, "99999999999.99"),
        ])
    func amountsFormat(fen: Int64, text: String) {
        #expect(Fen(fen).description == text)
        #expect(Fen(fen).yuanText == text)
    }

    @Test("Canonical texts survive a parse and format round trip", arguments: ["123.45", "0.05", "123.40", "-0.05"])
    func canonicalTextRoundTrips(text: String) throws {
        #expect(try Fen.parse(text, allowNegative: true).description == text)
    }

    @Test("Random amounts survive a format and parse round trip")
    func randomAmountsRoundTrip() throws {
        let seed: UInt64 = 0x5EED_F00D
        var generator = SplitMix64(seed: seed)
        for _ in 0..<2_000 {
            let magnitude = Int64(generator.next() % UInt64(Fen.parseMax.value + 1))
            let fen = Fen(generator.next() % 2 == 0 ? magnitude : -magnitude)
            #expect(try Fen.parse(fen.description, allowNegative: true) == fen, "seed \(seed), amount \(fen)")
        }
    }

    @Test("Yuan initialiser and arithmetic work in fen")
    func arithmetic() {
        #expect(Fen(yuan: 600) == Fen(60_000))
        #expect(Fen(150) + Fen(50) == Fen(200))
        #expect(Fen(150) - Fen(200) == Fen(-50))
        #expect(Fen(25) * 4 == Fen(100))
        #expect(Fen(-1).isNegative && !Fen.zero.isNegative)
        #expect(Fen(99) < Fen(100))
    }
}

