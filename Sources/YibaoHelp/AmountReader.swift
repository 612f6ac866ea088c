import YibaoCore
import YibaoSettlement

/// Reads money amounts and ages from a normalised question: "1万元", "10000元", "2.5万", "五千块", "一万",
/// "缴费基数8000", "65岁". Digits go straight to fen through `Fen.parse`; nothing passes through floating point.
enum AmountReader {
    struct Amount: Equatable {
        let fen: Fen
        /// Follows 基数 / 工资 / 月薪 / 收入: a contribution base, not a bill.
        let isBase: Bool
    }

    /// Most amounts read from one question.
    static let amountsMax = 8
    static let chineseDigits: [Character: Int64] = [
        "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    static let chineseUnits: [Character: Int64] = ["十": 10, "百": 100, "千": 1_000, "万": 10_000]

    static func amounts(in q: String) -> [Amount] {
        let chars = Array(q)
        var out: [Amount] = []
        var i = 0
        while i < chars.count && out.count < amountsMax {
            let start = i
            var yuan: Fen?
            if chars[i].isASCII && chars[i].isNumber {
                var j = i
                while j < chars.count && ((chars[j].isASCII && chars[j].isNumber) || chars[j] == ".") { j += 1 }
                var value = try? Fen.parse(String(chars[i..<j]), max: Bill.amountMax)
                var scaled = false
                if j < chars.count, let unit = chineseUnits[chars[j]], unit >= 1_000, let v = value {
                    value = v * unit
                    scaled = true
                    j += 1
                }
                let unitFollows = j < chars.count && "元块".contains(chars[j])
                if unitFollows || scaled || isBaseContext(chars, before: start) { yuan = value }
                i = j
            } else if chineseDigits[chars[i]] != nil {
                var j = i
                while j < chars.count && (chineseDigits[chars[j]] != nil || chineseUnits[chars[j]] != nil) { j += 1 }
                let run = chars[i..<j]
                let unitFollows = j < chars.count && "元块".contains(chars[j])
                if run.count >= 2, unitFollows || run.contains("万") || run.contains("千"), let v = chineseNumber(run) {
                    yuan = Fen(yuan: v)
                }
                i = max(j, i + 1)
            } else {
                i += 1
                continue
            }
            if let yuan, yuan.value > 0, yuan <= Bill.amountMax {
                out.append(Amount(fen: yuan, isBase: isBaseContext(chars, before: start)))
            }
        }
        return out
    }

    /// Whether the words just before an amount name a base or wage.
    static func isBaseContext(_ chars: [Character], before index: Int) -> Bool {
        let before = String(chars[max(0, index - 4)..<index])
        return ["基数", "工资", "月薪", "收入", "薪资"].contains { before.contains($0) }
    }

    /// "一万五千" → 15000, "三千" → 3000, "十万" → 100000; nil for a run that is not a number.
    static func chineseNumber(_ run: ArraySlice<Character>) -> Int64? {
        var total: Int64 = 0
        var section: Int64 = 0
        var digit: Int64 = 0
        var sawDigit = false
        for c in run {
            if let d = chineseDigits[c] {
                digit = d
                sawDigit = true
            } else if let unit = chineseUnits[c] {
                if unit == 10_000 {
                    total += (section + digit) * unit
                    section = 0
                } else {
                    section += (sawDigit ? digit : 1) * unit
                }
                digit = 0
                sawDigit = false
            } else {
                return nil
            }
        }
        let value = total + section + digit
        return value > 0 && value <= 100_000_000 ? value : nil
    }

    /// A small count written between words: `count(in: "今年第二次住院", before: ["次住院"], after: ["第"])` → 2.
    /// Digits or one to two Chinese digits ("二", "十二"); counts above 99 are not counts of years or admissions.
    static func count(in q: String, before: [String], after: [String]) -> Int? {
        for lead in after {
            var searchFrom = q.startIndex
            while let range = q.range(of: lead, range: searchFrom..<q.endIndex) {
                searchFrom = range.upperBound
                let rest = q[range.upperBound...]
                let number = rest.prefix { ($0.isASCII && $0.isNumber) || chineseDigits[$0] != nil || $0 == "十" }
                guard !number.isEmpty, number.count <= 3,
                    before.contains(where: { rest.dropFirst(number.count).hasPrefix($0) })
                else { continue }
                let value = Int(number) ?? chineseNumber(ArraySlice(Array(number))).map { Int($0) }
                if let value, (1...99).contains(value) { return value }
            }
        }
        return nil
    }

    /// "65岁" → 65 (0–150).
    static func age(in q: String) -> Int? {
        let chars = Array(q)
        for (i, c) in chars.enumerated() where c == "岁" && i > 0 {
            var j = i
            while j > 0 && chars[j - 1].isASCII && chars[j - 1].isNumber { j -= 1 }
            if j < i, let age = Int(String(chars[j..<i])), (0...150).contains(age) { return age }
        }
        return nil
    }
}
