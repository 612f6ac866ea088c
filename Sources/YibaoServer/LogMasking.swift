/// Masks personal data in anything that goes to a log: ID numbers keep their first 6 and last 4 characters,
/// mobile numbers their first 3 and last 4. Names are never logged (routes log no bodies or queries).
enum LogMasking {
    static func mask(_ text: String) -> String {
        var out = ""
        var run: [Character] = []
        func flush() {
            let s = String(run)
            if run.count == 18 {
                out += String(s.prefix(6)) + "********" + String(s.suffix(4))
            } else if run.count == 11, run.first == "1" {
                out += String(s.prefix(3)) + "****" + String(s.suffix(4))
            } else {
                out += s
            }
            run.removeAll()
        }
        for c in text {
            if c.isASCII, c.isNumber || ((c == "X" || c == "x") && run.count == 17) {
                run.append(c)
            } else {
                flush()
                out.append(c)
            }
        }
        flush()
        return out
    }
}
