import Foundation
import Testing
import YibaoCore

/// `JSONText` writes the JSON of the hot paths by hand (stored settlement results, API answers, error bodies):
/// whatever it writes must be valid JSON that reads back as the values written.
@Suite("JSON text writer")
struct JSONTextTests {
    static let alphabet: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{7F}", "中",
        "文", "元", "😀", "é", ":", ",", "{", "]"]

    @Test func everyStringReadsBackAsWritten() throws {
        var random = SplitMix64(seed: 20_251_123)
        for _ in 0..<2_000 {
            let length = Int(random.next() % 12)
            let s = String((0..<length).map { _ in JSONTextTests.alphabet[Int(random.next() % UInt64(JSONTextTests.alphabet.count))] })
            let quoted = JSONText.quoted(s)
            let back = try JSONSerialization.jsonObject(with: Data(quoted.utf8), options: .fragmentsAllowed) as? String
            #expect(back == s, "\(quoted)")
        }
    }

    @Test func nestedObjectsAndArraysAreValidJSON() throws {
        var j = JSONText()
        j.beginObject()
        j.string("name", "张\"三\"")
        j.int("amountFen", -12_345)
        j.bool("ok", true)
        j.string("missing", nil)
        j.beginArray("lines")
        j.string(nil, "第一行\n")
        j.beginObject()
        j.int("n", 0)
        j.endObject()
        j.beginArray()
        j.endArray()
        j.endArray()
        j.beginObject("empty")
        j.endObject()
        j.raw("pre", "{\"a\":[1,2]}")
        j.endObject()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(j.text.utf8)) as? [String: Any], "\(j.text)")
        #expect(object["name"] as? String == "张\"三\"")
        #expect((object["amountFen"] as? NSNumber)?.intValue == -12_345)
        #expect((object["ok"] as? NSNumber)?.boolValue == true)
        #expect(object["missing"] is NSNull)
        let lines = try #require(object["lines"] as? [Any])
        #expect(lines.count == 3)
        #expect(lines.first as? String == "第一行\n")
        #expect(((lines[1] as? [String: Any])?["n"] as? NSNumber)?.intValue == 0)
        #expect((lines[2] as? [Any])?.isEmpty == true)
        #expect((object["empty"] as? [String: Any])?.isEmpty == true)
        #expect(((object["pre"] as? [String: Any])?["a"] as? [Any])?.count == 2)
    }
}
