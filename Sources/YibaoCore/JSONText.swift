/// A small JSON text writer for hot paths (a settlement's stored result), where Foundation's encoder costs
/// more than the settlement itself. Output is standard JSON; strings are escaped per RFC 8259.
public struct JSONText: Sendable {
    public private(set) var text = ""
    private var needsComma: [Bool] = [false]

    public init() {}

    public static func quoted(_ s: String) -> String {
        // Most text needs no escaping: check the bytes once and wrap it as it is.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { return "\"" + s + "\"" }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func key(_ k: String?) {
        separator()
        if let k { text += JSONText.quoted(k) + ":" }
    }

    public mutating func beginObject(_ k: String? = nil) {
        key(k)
        text += "{"
        needsComma.append(false)
    }

    public mutating func endObject() {
        needsComma.removeLast()
        text += "}"
    }

    public mutating func beginArray(_ k: String? = nil) {
        key(k)
        text += "["
        needsComma.append(false)
    }

    public mutating func endArray() {
        needsComma.removeLast()
        text += "]"
    }

    public mutating func string(_ k: String?, _ value: String?) {
        key(k)
        text += value.map(JSONText.quoted) ?? "null"
    }

    public mutating func int(_ k: String?, _ value: Int) {
        key(k)
        text += String(value)
    }

    public mutating func bool(_ k: String?, _ value: Bool) {
        key(k)
        text += value ? "true" : "false"
    }
}
