import Foundation
import Testing

@testable import YibaoPlatform

@Suite("Query text")
struct QueryTextTests {
    @Test func whitespaceIsFoundationsWhitespace() {
        var checked = 0
        for value in UInt32(0)...0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(Platform.isWhitespace(scalar) == CharacterSet.whitespaces.contains(scalar), "U+\(String(value, radix: 16))")
            checked += 1
        }
        #expect(checked > 190_000)
    }

    @Test func queriesAreTrimmedAsFoundationTrimsThem() {
        for q in ["4403000000000001", " 4403000000000001", "4403000000000001\t", "\u{3000}张三\u{3000}", "\u{00A0}x", "", " ", "a b"] {
            #expect(Platform.trimmingWhitespace(q) == q.trimmingCharacters(in: .whitespaces), "\(q.debugDescription)")
        }
    }
}
