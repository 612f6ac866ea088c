import Foundation
import YibaoCore

/// Where the platform gets "today" and timestamps. The pure modules never read the clock; the platform
/// reads it only through this value, so tests and the demo database can fix the date.
public struct PlatformClock: Sendable {
    public let today: @Sendable () -> CalendarDate
    public let timestamp: @Sendable () -> String

    public init(today: @escaping @Sendable () -> CalendarDate, timestamp: @escaping @Sendable () -> String) {
        self.today = today
        self.timestamp = timestamp
    }

    /// The system clock in Asia/Shanghai.
    public static let system = PlatformClock(
        today: {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
            let c = calendar.dateComponents([.year, .month, .day], from: Date())
            return CalendarDate(year: c.year ?? 2025, month: c.month ?? 1, day: c.day ?? 1) ?? CalendarDate(dayNumber: 0)
        },
        timestamp: { ISO8601DateFormatter().string(from: Date()) })

    /// A fixed date (tests, the demo database); timestamps are the date at noon Beijing time.
    public static func fixed(_ date: CalendarDate) -> PlatformClock {
        PlatformClock(today: { date }, timestamp: { "\(date)T12:00:00+08:00" })
    }
}

/// A calendar month "YYYY-MM".
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (2000...2100).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else {
            return nil
        }
        self.init(year: y, month: m)
    }

    public init(_ date: CalendarDate) {
        year = date.year
        month = date.month
    }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    public var chineseText: String { "\(year)年\(month)月" }
    public var firstDay: CalendarDate { CalendarDate(year: year, month: month, day: 1) ?? CalendarDate(dayNumber: 0) }
    public var lastDay: CalendarDate {
        CalendarDate(year: year, month: month, day: CalendarDate.daysIn(month: month, year: year)) ?? firstDay
    }

    public func adding(_ months: Int) -> Month {
        let index = year * 12 + (month - 1) + months
        return Month(year: index / 12, month: index % 12 + 1) ?? self
    }

    public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }

    /// Months from `from` through `to`, inclusive (empty if `to` < `from`), at most `monthsMax`.
    public static func range(_ from: Month, through to: Month, monthsMax: Int = 1200) -> [Month] {
        var result: [Month] = []
        var m = from
        while m <= to, result.count < monthsMax {
            result.append(m)
            m = m.adding(1)
        }
        return result
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        guard let m = Month(try c.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "month must be YYYY-MM")
        }
        self = m
    }
}
