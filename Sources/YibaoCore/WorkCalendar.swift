import Foundation

/// Working days in mainland China: weekdays, minus statutory holidays, plus adjusted working weekends (调休).
///
/// Built from the bundled `cn-calendar.tsv`; a date outside the table's years is refused rather than
/// guessed, because next year's holidays are only known when the State Council announces them.
public struct WorkCalendar: Sendable {
    public let firstYear: Int
    public let lastYear: Int
    private let holidays: [Int: String]
    private let adjustedWorkdays: [Int: String]

    public init(tsv: String) throws(WorkCalendarError) {
        var holidays: [Int: String] = [:]
        var workdays: [Int: String] = [:]
        var years: [Int] = []
        for (index, line) in tsv.split(separator: "\n").enumerated() {
            if line.hasPrefix("#") || line.hasPrefix("date\t") { continue }
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 3, let date = CalendarDate(String(f[0])) else { throw .malformedLine(index + 1) }
            let name = f.count > 2 ? String(f[2]) : ""
            switch f[1] {
            case "holiday": holidays[date.dayNumber] = name
            case "workday": workdays[date.dayNumber] = name
            default: throw .malformedLine(index + 1)
            }
            years.append(date.year)
        }
        guard let first = years.min(), let last = years.max() else { throw .empty }
        self.firstYear = first
        self.lastYear = last
        self.holidays = holidays
        self.adjustedWorkdays = workdays
    }

    /// The calendar shipped with the package.
    public static func bundled() throws -> WorkCalendar {
        guard let url = Bundle.module.url(forResource: "cn-calendar", withExtension: "tsv") else {
            throw WorkCalendarError.resourceMissing
        }
        return try WorkCalendar(tsv: String(contentsOf: url, encoding: .utf8))
    }

    private func check(_ date: CalendarDate) throws(WorkCalendarError) {
        guard (firstYear...lastYear).contains(date.year) else {
            throw .outOfRange(date, firstYear: firstYear, lastYear: lastYear)
        }
    }

    public func isWorkingDay(_ date: CalendarDate) throws(WorkCalendarError) -> Bool {
        try check(date)
        let n = date.dayNumber
        if adjustedWorkdays[n] != nil { return true }
        if holidays[n] != nil { return false }
        return date.isoWeekday <= 5
    }

    /// The holiday name for a date, if it is a statutory holiday.
    public func holidayName(_ date: CalendarDate) -> String? { holidays[date.dayNumber] }

    /// The date `count` working days after `date` (`count` ≥ 0; 0 → the date itself if it is a working
    /// day, else the next working day). Bounded: at most `addWorkingDaysMax` days.
    public static let addWorkingDaysMax = 3650

    public func adding(workingDays count: Int, to date: CalendarDate) throws(WorkCalendarError) -> CalendarDate {
        guard count >= 0, count <= WorkCalendar.addWorkingDaysMax else { throw .countOutOfRange(count) }
        var current = date
        var remaining = count
        if remaining == 0 {
            while try !isWorkingDay(current) { current = current.adding(days: 1) }
            return current
        }
        while remaining > 0 {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// Working days in the half-open range `from ..< to`.
    public func workingDays(from: CalendarDate, to: CalendarDate) throws(WorkCalendarError) -> Int {
        var n = 0
        var d = from
        while d < to {
            if try isWorkingDay(d) { n += 1 }
            d = d.adding(days: 1)
        }
        return n
    }
}

public enum WorkCalendarError: YibaoError, Equatable {
    case resourceMissing
    case empty
    case malformedLine(Int)
    case outOfRange(CalendarDate, firstYear: Int, lastYear: Int)
    case countOutOfRange(Int)

    public var code: String {
        switch self {
        case .resourceMissing, .empty, .malformedLine: "calendar_data_invalid"
        case .outOfRange: "calendar_out_of_range"
        case .countOutOfRange: "calendar_count_out_of_range"
        }
    }

    public var message: String {
        switch self {
        case .resourceMissing, .empty: "节假日数据缺失。"
        case .malformedLine(let n): "节假日数据第 \(n) 行格式错误。"
        case .outOfRange(let d, let a, let b):
            "日期 \(d) 超出节假日数据范围（\(a)–\(b) 年），无法确定是否为工作日。"
        case .countOutOfRange(let n): "工作日天数 \(n) 超出允许范围（0–\(WorkCalendar.addWorkingDaysMax)）。"
        }
    }
}
