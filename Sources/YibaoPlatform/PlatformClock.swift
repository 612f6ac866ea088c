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

    /// The system clock in Beijing time. China Standard Time is UTC+8 all year (no daylight saving since 1991),
    /// so the date and time are computed from the Unix clock directly: `today` is read on every balance request,
    /// where building a Foundation calendar and time zone each time was a measurable part of the answer.
    public static let system = PlatformClock(
        today: { beijing(unixSeconds: unixNow()).date },
        timestamp: { beijingTimestamp(unixSeconds: unixNow()) })

    /// Date and seconds since midnight in Beijing for a Unix time.
    public static func beijing(unixSeconds: Int64) -> (date: CalendarDate, secondsOfDay: Int) {
        let local = unixSeconds + 8 * 3600
        var days = local / 86_400
        var seconds = local % 86_400
        if seconds < 0 {
            seconds += 86_400
            days -= 1
        }
        return (CalendarDate(dayNumber: epochDayNumber + Int(days)), Int(seconds))
    }

    /// "2025-12-20T09:30:05+08:00": the transfer timestamp, in Beijing time like the fixed clock's.
    public static func beijingTimestamp(unixSeconds: Int64) -> String {
        let (date, s) = beijing(unixSeconds: unixSeconds)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(date)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))+08:00"
    }

    private static let epochDayNumber = CalendarDate(year: 1970, month: 1, day: 1)?.dayNumber ?? 0

    private static func unixNow() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec)
    }

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
