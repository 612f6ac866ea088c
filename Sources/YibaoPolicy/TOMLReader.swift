import TOMLKit
import YibaoCore

/// A thin, path-aware view over a TOMLKit table, so that every error names the exact place in the file.
///
/// TOMLKit parses (it wraps toml++, a complete TOML 1.0 parser); this type turns its loosely typed values
/// into the pack's own types, with Chinese messages that a policy editor can act on.
struct TOMLReader {
    let file: String
    let path: String
    let table: TOMLTable

    func fail(_ key: String?, _ problem: String) -> PolicyPackError {
        PolicyPackError(file: file, path: key.map { join($0) } ?? path, problem: problem)
    }

    func join(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    var keys: [String] { table.keys }

    func has(_ key: String) -> Bool { table.contains(key: key) }

    func child(_ key: String) throws(PolicyPackError) -> TOMLReader? {
        guard let value = table[key] else { return nil }
        guard let t = value.table else { throw fail(key, "应为表（table）") }
        return TOMLReader(file: file, path: join(key), table: t)
    }

    func requiredChild(_ key: String) throws(PolicyPackError) -> TOMLReader {
        guard let c = try child(key) else { throw fail(key, "缺少必填的表") }
        return c
    }

    func string(_ key: String) throws(PolicyPackError) -> String? {
        guard let value = table[key] else { return nil }
        guard let s = value.string else { throw fail(key, "应为字符串") }
        return s
    }

    func requiredString(_ key: String) throws(PolicyPackError) -> String {
        guard let s = try string(key) else { throw fail(key, "缺少必填字段") }
        return s
    }

    func int(_ key: String) throws(PolicyPackError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let i = value.int else { throw fail(key, "应为整数") }
        return i
    }

    func bool(_ key: String) throws(PolicyPackError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let b = value.bool else { throw fail(key, "应为 true 或 false") }
        return b
    }

    func money(_ key: String) throws(PolicyPackError) -> Fen? {
        guard let s = try string(key) else { return nil }
        do {
            return try Fen.parse(s)
        } catch {
            throw fail(key, "金额“\(s)”无效（应为元，最多两位小数，如 \"600.00\"）：\(error.message)")
        }
    }

    func requiredMoney(_ key: String) throws(PolicyPackError) -> Fen {
        guard let m = try money(key) else { throw fail(key, "缺少必填金额") }
        return m
    }

    func percent(_ key: String) throws(PolicyPackError) -> Bps? {
        guard let s = try string(key) else { return nil }
        guard let bps = Bps.parsePercent(s) else {
            throw fail(key, "比例“\(s)”无效（应为 0%–100% 的百分数，最多两位小数，如 \"94%\"）")
        }
        return bps
    }

    func requiredPercent(_ key: String) throws(PolicyPackError) -> Bps {
        guard let p = try percent(key) else { throw fail(key, "缺少必填比例") }
        return p
    }

    func stringArray(_ key: String) throws(PolicyPackError) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw fail(key, "应为字符串数组") }
        var result: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.string else { throw fail("\(key)[\(i)]", "应为字符串") }
            result.append(s)
        }
        return result
    }

    /// An array of tables, whether written as `[[key]]` or as an inline array `key = [{…}, …]`.
    func tables(_ key: String) throws(PolicyPackError) -> [TOMLReader] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw fail(key, "应为表数组") }
        var result: [TOMLReader] = []
        for (i, element) in array.enumerated() {
            guard let t = element.table else { throw fail("\(key)[\(i)]", "应为表") }
            result.append(TOMLReader(file: file, path: "\(join(key))[\(i)]", table: t))
        }
        return result
    }

    func provenance(sources: [String: PolicySource]) throws(PolicyPackError) -> Provenance {
        let key = try requiredString("source")
        guard sources[key] != nil else { throw fail("source", "来源“\(key)”未在 [sources] 中定义") }
        let c = try requiredString("confidence")
        guard let confidence = Confidence(rawValue: c) else {
            throw fail("confidence", "可信度“\(c)”无效（official / reported / placeholder）")
        }
        return Provenance(source: key, confidence: confidence)
    }

    /// Refuses keys the pack format does not know, so that a typo is an error and not a silent default.
    func allowOnly(_ allowed: Set<String>) throws(PolicyPackError) {
        for key in keys.sorted() where !allowed.contains(key) {
            throw fail(key, "未知字段（允许：\(allowed.sorted().joined(separator: ", "))）")
        }
    }
}
