import Foundation
import Testing
import YibaoCore

@testable import YibaoSettlement

/// `BillJSONParser` is a fast path in front of `JSONSerialization`: whatever it accepts it must read exactly as
/// Foundation does, and whatever it is unsure of it must hand over (nil). Checked by differential testing:
/// fixed documents, the example bills, random documents, and random corruptions of them.
@Suite("Bill JSON fast path agrees with JSONSerialization")
struct BillJSONParserTests {
    /// Foundation's reading, canonicalised: the same value serialised with sorted keys (numbers, booleans, null
    /// and strings all print differently, so equal text means equal values of equal kinds).
    static func canonical(_ object: Any) -> String? {
        guard JSONSerialization.isValidJSONObject(object),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Fails if the fast path took `text` and read it differently from Foundation, or took what Foundation refuses.
    static func check(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let data = Data(text.utf8)
        let fast = BillJSONParser.object(data)
        let foundation = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        guard let fast else { return false }
        guard let foundation else {
            Issue.record("the fast path accepted what JSONSerialization refuses: \(text)", sourceLocation: sourceLocation)
            return true
        }
        #expect(canonical(fast) == canonical(foundation), "\(text)", sourceLocation: sourceLocation)
        #expect(Set(fast.keys) == Set(foundation.keys), sourceLocation: sourceLocation)
        return true
    }

    @Test func plainBillsAreReadAsFoundationReadsThem() throws {
        let documents = [
            #"{}"#,
            #" { "med_type" : "11" , "items" : [ ] } "#,
            #"{"psn_no":"4403000000000001","med_type":"11","medins_lv":"2","setl_date":"2025-12-18","acct_used_flag":"1","items":[{"feedetl_sn":"1","med_list_codg":"DEMO1","det_item_fee_sumamt":"300.00","chrgitm_lv":"01"}]}"#,
            "{\"a\":\"中文名称 药品\",\"b\":\"\\u4e2d\\u6587\",\"c\":\"\\n\\t\\r\\b\\f\\\\\\\"\\/\",\"d\":\"\\uD83D\\uDE00 😀\"}",
            #"{"n":0,"m":-1,"x":12.5,"y":1e3,"z":1E-2,"w":300.00,"big":9007199254740993,"neg":-0,"frac":0.1}"#,
            #"{"t":true,"f":false,"nil":null,"nested":{"a":[1,[2,[3,{"b":null}]]]}}"#,
            "{\r\n\t\"items\":\t[\r\n{\"det_item_fee_sumamt\": \"12.00\"}\n]\n}",
        ]
        for text in documents {
            #expect(Self.check(text), "the fast path should take a plain document: \(text)")
        }
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/bills")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(Self.check(text), "\(file)")
        }
    }

    @Test func whatItIsUnsureOfGoesToFoundation() {
        // Syntax errors, documents that are not objects, a lone surrogate, a duplicate key, raw control
        // characters, bad numbers, trailing text: the fast path answers nil and Foundation decides.
        let documents = [
            "", "[1]", "\"a\"", "{", "{\"a\":}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1} x", "{\"a\":01}", "{\"a\":1.}",
            "{\"a\":-}", "{\"a\":+1}", "{\"a\":.5}", "{\"a\":\"\\uD83D\"}", "{\"a\":\"\\uDE00\"}", "{\"a\":1,\"a\":2}",
            "{\"a\":\"line\nbreak\"}", "{\"a\":\"\\x\"}", "{\"a\":tru}", "{\"a\":nul}", "{a:1}", "{\"a\":[1,]}",
            String(repeating: "{\"a\":", count: 40) + "1" + String(repeating: "}", count: 40),
        ]
        for text in documents {
            #expect(BillJSONParser.object(Data(text.utf8)) == nil, "\(text)")
        }
        #expect(BillJSONParser.object(Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D])) == nil, "invalid UTF-8")
        // Bill.jsonObject still reads what only Foundation takes (here a duplicate key), and reads it as Foundation does.
        let duplicate = Data("{\"a\":1,\"a\":2}".utf8)
        let foundation = (try? JSONSerialization.jsonObject(with: duplicate)) as? [String: Any]
        #expect(Bill.jsonObject(duplicate).map { Self.canonical($0) } == foundation.map { Self.canonical($0) })
    }

    @Test func randomDocumentsAndTheirCorruptionsAgree() {
        var random = SplitMix64(seed: 2_025_1122)
        var taken = 0
        for _ in 0..<1_500 {
            var text = ""
            RandomJSON.object(&text, depth: 0, random: &random)
            if Self.check(text) { taken += 1 }
            // A corrupted copy: whatever the fast path still takes must read as Foundation reads it.
            var bytes = Array(text.utf8)
            for _ in 0..<(1 + Int(random.next() % 3)) where !bytes.isEmpty {
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(Array("{}[]\",:\\ 0e-.tnu".utf8)[Int(random.next() % 16)], at: at)
                default: bytes[at] = Array("{}[]\",:\\ 0e-.tnu".utf8)[Int(random.next() % 16)]
                }
            }
            if let corrupted = String(bytes: bytes, encoding: .utf8) { _ = Self.check(corrupted) }
        }
        // The generator writes only plain documents, so the fast path must have taken (nearly) all of them.
        #expect(taken >= 1_400, "fast path took \(taken) of 1500 random documents")
    }
}

/// Random JSON text: objects, arrays, strings with escapes and Chinese, numbers in several spellings.
enum RandomJSON {
    static let keys = ["med_type", "items", "psn_no", "det_item_fee_sumamt", "名称", "a", "b\\n", "c\\u4e2d"]
    static let strings = ["", "11", "300.00", "中文", "tab\\tquote\\\"", "\\ud83d\\ude00", "slash\\/", "x\\u0001y", "😀"]
    static let numbers = ["0", "-1", "12.5", "1e3", "2E-2", "300.00", "123456789012", "-0.25", "7"]

    static func ws(_ s: inout String, _ r: inout SplitMix64) {
        s += ["", " ", "\n", "\t ", "\r\n"][Int(r.next() % 5)]
    }

    static func object(_ s: inout String, depth: Int, random r: inout SplitMix64) {
        s += "{"
        let n = Int(r.next() % 5)
        var used = Set<String>()
        for i in 0..<n {
            let key = keys[Int(r.next() % UInt64(keys.count))] + (i % 2 == 0 ? "" : String(i))
            guard used.insert(key).inserted else { continue }
            if !used.isEmpty, used.count > 1 { s += "," }
            ws(&s, &r)
            s += "\"\(key)\""
            ws(&s, &r)
            s += ":"
            ws(&s, &r)
            value(&s, depth: depth + 1, random: &r)
            ws(&s, &r)
        }
        s += "}"
    }

    static func value(_ s: inout String, depth: Int, random r: inout SplitMix64) {
        switch r.next() % (depth < 4 ? 7 : 5) {
        case 0: s += "\"\(strings[Int(r.next() % UInt64(strings.count))])\""
        case 1: s += numbers[Int(r.next() % UInt64(numbers.count))]
        case 2: s += ["true", "false"][Int(r.next() % 2)]
        case 3: s += "null"
        case 4: s += "\"\(strings[Int(r.next() % UInt64(strings.count))])\""
        case 5: object(&s, depth: depth, random: &r)
        default:
            s += "["
            let n = Int(r.next() % 4)
            for i in 0..<n {
                if i > 0 { s += "," }
                ws(&s, &r)
                value(&s, depth: depth + 1, random: &r)
            }
            s += "]"
        }
    }
}
