import Testing
@testable import YibaoCore

@Suite("UTF8Text: interpolated sentences as bytes")
struct UTF8TextTests {
    @Test func amountsAreWrittenAsTheirDescription() {
        var r = SplitMix64(seed: 42)
        var values: [Int64] = [0, 1, -1, 5, -5, 99, 100, -100, 12_345, Int64.max, Int64.min + 1, Int64.min]
        for _ in 0..<2_000 { values.append(Int64(bitPattern: r.next()) >> Int64(r.next() % 63)) }
        for v in values {
            var bytes: [UInt8] = []
            Fen(v).appendDescription(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == Fen(v).description, "\(v)")
        }
    }

    @Test func anInterpolationReadsAsTheSameStringInterpolation() {
        var r = SplitMix64(seed: 7)
        let words = ["", "深圳", "职工医保", "a\"b", "第二档", "—", "x"]
        for _ in 0..<500 {
            let fen = Fen(Int64(r.next() % 10_000_000))
            let n = Int(r.next() % 1_000) - 10
            let word = words[Int(r.next() % UInt64(words.count))]
            let ratio = Bps(Int32(r.next() % 10_000))
            let text: UTF8Text = "本次医疗费用合计 \(fen) 元（\(n) 项），\(word)按 \(ratio) 支付。"
            #expect(text.string == "本次医疗费用合计 \(fen) 元（\(n) 项），\(word)按 \(ratio) 支付。")
        }
    }

    @Test func joiningConcatenatingAndSuffixes() {
        let parts: [UTF8Text] = ["个人账户支付 1.00 元", "现金支付 \(Fen(250)) 元"]
        #expect(UTF8Text.joined(parts, separator: "，").string == "个人账户支付 1.00 元，现金支付 2.50 元")
        #expect(UTF8Text.joined([], separator: "，").string == "")
        var t: UTF8Text = "甲"
        t += "乙"
        #expect((t + "丙").string == "甲乙丙")
        #expect((t + "。").hasSuffix("。"))
        #expect(!t.hasSuffix("。"))
        #expect(!UTF8Text("").hasSuffix("。"))
        #expect(UTF8Text("医保").string == "医保")
    }
}

@Suite("JSONText escape scan")
struct JSONEscapeScanTests {
    @Test func theWordAtATimeScanAgreesWithTheByteTest() {
        // Bytes at and around every boundary the word test uses, and high bytes that share their low bits.
        let interesting: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x41, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0x9F, 0xA0,
            0xA2, 0xDC, 0xE5, 0xFF]
        var r = SplitMix64(seed: 99)
        var found = 0
        for _ in 0..<20_000 {
            let count = Int(r.next() % 40)
            var bytes: [UInt8] = []
            for _ in 0..<count {
                // Mostly plain text, so that many buffers need no escape at all.
                bytes.append(r.next() % 8 == 0 ? interesting[Int(r.next() % UInt64(interesting.count))] : UInt8(0x23 + r.next() % 0x39))
            }
            let expected = bytes.contains(where: JSONText.needsEscape)
            bytes.withUnsafeBufferPointer { #expect(JSONText.anyNeedsEscape($0) == expected, "\(bytes)") }
            if expected { found += 1 }
        }
        #expect(found > 1_000)
        #expect(found < 19_000)
    }
}
