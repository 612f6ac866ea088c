import Foundation
import Testing
import YibaoCore

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("A date parses from YYYY-MM-DD and formats back")
    func parsesAndFormats() throws {
        let d = try date("2025-06-01")
        #expect(d.year == 2025 && d.month == 6 && d.day == 1)
        #expect(d.description == "2025-06-01")
        #expect(d.chineseText == "2025年6月1日")
        #expect(CalendarDate(year: 5, month: 3, day: 9)?.description == "0005-03-09")
    }

    @Test(
        "Text that is not a real YYYY-MM-DD date is refused",
        arguments: [
            "2025-6-1", "2025-02-29", "2024-02-30", "2025-13-01", "2025-00-10", "2025-04-31", "2025-01-00",
            "20250601", "2025-06-01T00:00", "", "abcd-ef-gh", "0000-01-01", "2025/06/01",
        ])
    func badTextIsRefused(text: String) {
        #expect(CalendarDate(text) == nil)
    }

    @Test("Leap years follow the Gregorian rule", arguments: [(2024, true), (2025, false), (1900, false), (2000, true), (2100, false)])
    func leapYears(year: Int, isLeap: Bool) {
        #expect(CalendarDate.isLeap(year) == isLeap)
        #expect((CalendarDate(year: year, month: 2, day: 29) != nil) == isLeap)
        #expect(CalendarDate(year: year, month: 2, day: 28) != nil)
        #expect(CalendarDate.daysIn(month: 2, year: year) == (isLeap ? 29 : 28))
    }

    @Test(
        "Adding months clamps the day to the end of the target month",
        arguments: [
            ("2025-01-31", 1, "2025-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2025-03-31", -1, "2025-02-28"),
            ("2025-12-15", 1, "2026-01-15"), ("2025-01-15", -1, "2024-12-15"), ("2024-02-29", 12, "2025-02-28"),
            ("2025-01-30", 3, "2025-04-30"), ("2025-05-31", 1, "2025-06-30"), ("2025-06-01", 0, "2025-06-01"),
            ("2025-06-01", -18, "2023-12-01"),
        ])
    func addingMonthsClamps(start: String, months: Int, expected: String) throws {
        #expect(try date(start).adding(months: months).description == expected)
    }

    @Test("Day numbers count every day once and invert exactly from 1899 to 2101")
    func dayNumberRoundTrip() throws {
        var previous: Int?
        for year in 1899...2101 {
            for month in 1...12 {
                for day in 1...CalendarDate.daysIn(month: month, year: year) {
                    let d = try #require(CalendarDate(year: year, month: month, day: day))
                    let n = d.dayNumber
                    if let previous { #expect(n == previous + 1, "\(d)") }
                    #expect(CalendarDate(dayNumber: n) == d, "\(d)")
                    previous = n
                }
            }
        }
    }

    @Test(
        "Adding days crosses month, leap day and year ends",
        arguments: [
            ("2024-12-31", 1, "2025-01-01"), ("2024-02-28", 1, "2024-02-29"), ("2025-03-01", -1, "2025-02-28"),
            ("2025-01-01", 365, "2026-01-01"), ("2024-01-01", 366, "2025-01-01"), ("2025-06-01", 0, "2025-06-01"),
        ])
    func addingDays(start: String, days: Int, expected: String) throws {
        #expect(try date(start).adding(days: days).description == expected)
    }

    @Test(
        "ISO weekdays of known dates",
        arguments: [
            ("2025-01-01", 3), ("2000-01-01", 6), ("1949-10-01", 6), ("1970-01-01", 4), ("2024-02-29", 4),
            ("2025-01-26", 7), ("2025-01-27", 1), ("2025-02-08", 6), ("0001-01-01", 1),
        ])
    func isoWeekdays(text: String, weekday: Int) throws {
        #expect(try date(text).isoWeekday == weekday)
    }

    @Test("Whole years of age grow on the birthday, and a 29 February birthday counts from 1 March")
    func yearsSince() throws {
        let birth = try date("2000-06-15")
        #expect(try date("2025-06-14").years(since: birth) == 24)
        #expect(try date("2025-06-15").years(since: birth) == 25)
        let leapBirth = try date("2024-02-29")
        #expect(try date("2025-02-28").years(since: leapBirth) == 0)
        #expect(try date("2025-03-01").years(since: leapBirth) == 1)
    }

    @Test("Dates order by year, month then day")
    func ordering() throws {
        #expect(try date("2024-12-31") < date("2025-01-01"))
        #expect(try date("2025-01-02") > date("2025-01-01"))
        #expect(try !(date("2025-01-01") < date("2025-01-01")))
    }

    @Test("Dates encode as YYYY-MM-DD text and refuse impossible text when decoded")
    func codable() throws {
        let data = try JSONEncoder().encode([try date("2025-06-01")])
        #expect(String(decoding: data, as: UTF8.self) == #"["2025-06-01"]"#)
        #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [date("2025-06-01")])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([CalendarDate].self, from: Data(#"["2025-02-29"]"#.utf8))
        }
    }
}
