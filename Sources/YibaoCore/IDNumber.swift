/// A mainland resident identity number (居民身份证号码, GB 11643-1999), validated.
///
/// 18 characters: a 6-digit region prefix, an 8-digit birth date, a 3-digit sequence (odd = male) and the
/// ISO 7064 MOD 11-2 check character. It is shown and logged only masked (`maskedText`).
public struct IDNumber: Hashable, Sendable, CustomStringConvertible {
    /// The full 18 characters, check character upper-cased.
    public let text: String
    public let birthDate: CalendarDate
    public let sex: Sex

    public enum Sex: String, Sendable, Codable {
        case male, female
        public var label: String { self == .male ? "男" : "女" }
    }

    /// Province-level prefixes of GB/T 2260 (including 71 台湾, 81 香港, 82 澳门). Only the province is checked:
    /// ID numbers keep the county code of first registration, which may since have been abolished.
    static let provinceCodes: Set<Int> = [
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    ]
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// Validates and creates an ID number; `today` bounds the birth date (no birth in the future).
    public init(_ raw: String, today: CalendarDate? = nil) throws(IDNumberError) {
        if let valid = IDNumber.validDigits(raw, today: today) {
            self = valid
            return
        }
        let text = raw.uppercased()
        let chars = Array(text)
        guard chars.count == 18 else { throw .wrongLength(count: chars.count) }
        var sum = 0
        for i in 0..<17 {
            guard let digit = chars[i].wholeNumberValue, chars[i].isASCII else { throw .invalidCharacter }
            sum += digit * IDNumber.weights[i]
        }
        let expected = IDNumber.checkCharacters[sum % 11]
        guard chars[17] == expected else {
            guard chars[17].isASCII, chars[17].isNumber || chars[17] == "X" else { throw .invalidCharacter }
            throw .checkCharacterMismatch
        }
        let prefix = String(chars[0..<6])
        guard let province = Int(prefix.prefix(2)), IDNumber.provinceCodes.contains(province) else {
            throw .invalidRegionPrefix(prefix)
        }
        guard let birth = CalendarDate(year: Int(String(chars[6..<10]))!, month: Int(String(chars[10..<12]))!,
            day: Int(String(chars[12..<14]))!),
            birth.year >= 1850
        else { throw .invalidBirthDate }
        if let today, birth > today { throw .invalidBirthDate }
        self.text = text
        self.birthDate = birth
        self.sex = (chars[16].wholeNumberValue! % 2 == 1) ? .male : .female
    }

    /// The common case, byte by byte: 17 ASCII digits and a matching check character, a known province and a real
    /// birth date. Nil for anything else, which the character-by-character path then refuses with its reason
    /// (settling a bill validates the person's number, and grapheme-breaking it cost more than the query).
    static func validDigits(_ raw: String, today: CalendarDate?) -> IDNumber? {
        var u: [UInt8] = []
        u.reserveCapacity(18)
        u.append(contentsOf: raw.utf8)
        guard u.count == 18 else { return nil }
        var sum = 0
        for i in 0..<17 {
            guard u[i] >= 48, u[i] <= 57 else { return nil }
            sum += Int(u[i] - 48) * IDNumber.weights[i]
        }
        if u[17] == UInt8(ascii: "x") { u[17] = UInt8(ascii: "X") }
        guard u[17] == IDNumber.checkCharacters[sum % 11].asciiValue else { return nil }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(u[$1] - 48) } }
        guard IDNumber.provinceCodes.contains(number(0..<2)),
            let birth = CalendarDate(year: number(6..<10), month: number(10..<12), day: number(12..<14)), birth.year >= 1850
        else { return nil }
        if let today, birth > today { return nil }
        return IDNumber(text: String(decoding: u, as: UTF8.self), birthDate: birth,
            sex: Int(u[16] - 48) % 2 == 1 ? .male : .female)
    }

    private init(text: String, birthDate: CalendarDate, sex: Sex) {
        self.text = text
        self.birthDate = birthDate
        self.sex = sex
    }

    /// The birth date of an ID number already validated on the way in (stored records): read from its digits
    /// without re-checking, for hot paths such as the crediting run. Nil if the digits are not a date.
    public static func storedBirthDate(_ text: String) -> CalendarDate? {
        // Read in place (the crediting run calls this for every account): no array of the bytes.
        var text = text
        return text.withUTF8 { u in
            guard u.count == 18 else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var n = 0
                for i in range {
                    guard u[i] >= 48, u[i] <= 57 else { return nil }
                    n = n * 10 + Int(u[i] - 48)
                }
                return n
            }
            guard let y = number(6..<10), let m = number(10..<12), let d = number(12..<14) else { return nil }
            return CalendarDate(year: y, month: m, day: d)
        }
    }

    /// The 6-digit administrative region prefix (place of first registration).
    public var regionPrefix: String { String(text.prefix(6)) }

    /// Age in whole years on `date`.
    public func age(on date: CalendarDate) -> Int { date.years(since: birthDate) }

    /// First 6 and last 4 characters kept: `440303********1234`.
    public var maskedText: String { String(text.prefix(6)) + "********" + String(text.suffix(4)) }

    /// Masked, so that an ID number never reaches a log by accident.
    public var description: String { maskedText }
}

public enum IDNumberError: YibaoError, Equatable {
    case wrongLength(count: Int)
    case invalidCharacter
    case checkCharacterMismatch
    case invalidRegionPrefix(String)
    case invalidBirthDate

    public var code: String {
        switch self {
        case .wrongLength: "id_number_length"
        case .invalidCharacter: "id_number_character"
        case .checkCharacterMismatch: "id_number_check"
        case .invalidRegionPrefix: "id_number_region"
        case .invalidBirthDate: "id_number_birth_date"
        }
    }

    public var message: String {
        switch self {
        case .wrongLength(let n): "身份证号码应为 18 位，收到 \(n) 位。"
        case .invalidCharacter: "身份证号码前 17 位应为数字，最后一位为数字或 X。"
        case .checkCharacterMismatch: "身份证号码校验位不正确，请核对后重新输入。"
        case .invalidRegionPrefix(let p): "身份证号码地区码“\(p)”无效。"
        case .invalidBirthDate: "身份证号码中的出生日期无效。"
        }
    }
}
