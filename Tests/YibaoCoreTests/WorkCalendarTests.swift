import Foundation
import Testing
import YibaoCore

/// Spring Festival 2025 as `cn-calendar.tsv` records it:
/// holidays 2025-01-28 … 2025-02-04, adjusted working days Sunday 2025-01-26 and Saturday 2025-02-08.
@Suite("Work calendar")
struct WorkCalendarTests {
    let calendar: WorkCalendar

    init() throws {
        calendar = try WorkCalendar.bundled()
    }

    @Test("The bundled calendar covers 2004 to 2026")
    func range() {
        #expect(calendar.firstYear == 2004)
        #expect(calendar.lastYear == 2026)
    }

    @Test(
        "Every day of Spring Festival 2025 is a holiday",
        arguments: ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01", "2025-02-02", "2025-02-03", "2025-02-04"])
    func springFestivalIsHoliday(text: String) throws {
        let day = try date(text)
        #expect(try !calendar.isWorkingDay(day))
        #expect(calendar.holidayName(day) == "Spring Festival")
    }

    @Test("The adjusted Sunday and Saturday around Spring Festival 2025 are working days")
    func adjustedWeekendsAreWorkingDays() throws {
        let sunday = try date("2025-01-26")
        let saturday = try date("2025-02-08")
        #expect(sunday.isoWeekday == 7)
        #expect(saturday.isoWeekday == 6)
        #expect(try calendar.isWorkingDay(sunday))
        #expect(try calendar.isWorkingDay(saturday))
        #expect(calendar.holidayName(sunday) == nil)
    }

    @Test("The weekdays just outside Spring Festival 2025 are working days")
    func daysAroundFestivalAreWorkingDays() throws {
        #expect(try calendar.isWorkingDay(date("2025-01-27")))
        #expect(try calendar.isWorkingDay(date("2025-02-05")))
    }

    @Test("Ordinary weekends stay days off", arguments: ["2025-01-25", "2025-02-09", "2025-02-15", "2025-02-16"])
    func ordinaryWeekendsAreDaysOff(text: String) throws {
        #expect(try !calendar.isWorkingDay(date(text)))
    }

    @Test(
        "Adding working days skips Spring Festival 2025 and counts the adjusted weekend days",
        arguments: [
            ("2025-01-24", 1, "2025-01-26"), ("2025-01-24", 2, "2025-01-27"), ("2025-01-24", 3, "2025-02-05"),
            ("2025-01-27", 1, "2025-02-05"), ("2025-02-05", 3, "2025-02-08"), ("2025-02-05", 4, "2025-02-10"),
            ("2025-01-30", 1, "2025-02-05"),
        ])
    func addingWorkingDaysAcrossFestival(start: String, count: Int, expected: String) throws {
        #expect(try calendar.adding(workingDays: count, to: date(start)).description == expected)
    }

    @Test(
        "Adding zero working days keeps a working day and moves a day off to the next working day",
        arguments: [
            ("2025-01-30", "2025-02-05"), ("2025-01-28", "2025-02-05"), ("2025-02-05", "2025-02-05"),
            ("2025-01-26", "2025-01-26"), ("2025-02-15", "2025-02-17"), ("2025-01-25", "2025-01-26"),
        ])
    func addingZero(start: String, expected: String) throws {
        #expect(try calendar.adding(workingDays: 0, to: date(start)).description == expected)
    }

    @Test("Working days in a half-open range skip the festival")
    func workingDaysInRange() throws {
        #expect(try calendar.workingDays(from: date("2025-01-27"), to: date("2025-02-06")) == 2)
        #expect(try calendar.workingDays(from: date("2025-01-27"), to: date("2025-02-05")) == 1)
        #expect(try calendar.workingDays(from: date("2025-02-05"), to: date("2025-02-05")) == 0)
    }

    @Test("Dates outside the table's years are refused, and its first and last days are accepted")
    func outOfRangeIsRefused() throws {
        let before = try date("2003-12-31")
        let after = try date("2027-01-01")
        #expect(throws: WorkCalendarError.outOfRange(before, firstYear: 2004, lastYear: 2026)) {
            try calendar.isWorkingDay(before)
        }
        #expect(throws: WorkCalendarError.outOfRange(after, firstYear: 2004, lastYear: 2026)) {
            try calendar.isWorkingDay(after)
        }
        #expect(try !calendar.isWorkingDay(date("2004-01-01")))
        #expect(try calendar.isWorkingDay(date("2026-12-31")))
        #expect(throws: WorkCalendarError.outOfRange(after, firstYear: 2004, lastYear: 2026)) {
            try calendar.adding(workingDays: 1, to: date("2026-12-31"))
        }
        #expect(throws: WorkCalendarError.self) { try calendar.adding(workingDays: 0, to: date("2003-06-02")) }
        #expect(WorkCalendarError.outOfRange(after, firstYear: 2004, lastYear: 2026).code == "calendar_out_of_range")
    }

    @Test("The count of working days to add is bounded on both sides")
    func countIsBounded() throws {
        let start = try date("2004-01-02")
        #expect(throws: WorkCalendarError.countOutOfRange(-1)) { try calendar.adding(workingDays: -1, to: start) }
        let max = WorkCalendar.addWorkingDaysMax
        #expect(throws: WorkCalendarError.countOutOfRange(max + 1)) { try calendar.adding(workingDays: max + 1, to: start) }
        #expect(throws: Never.self) { try calendar.adding(workingDays: max, to: start) }
    }

    @Test("In the data file every adjusted working day is a weekend day and every year has holidays")
    func dataFileIsConsistent() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/YibaoCore/Resources/cn-calendar.tsv")
        let text = try String(contentsOf: url, encoding: .utf8)
        var holidayYears: Set<Int> = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("date\t") {
            let fields = line.split(separator: "\t")
            let day = try #require(CalendarDate(String(fields[0])), "\(line)")
            switch fields[1] {
            case "workday":
                #expect(day.isoWeekday >= 6, "\(day) is marked as an adjusted working day but is a weekday")
                #expect(try calendar.isWorkingDay(day), "\(day)")
            case "holiday":
                holidayYears.insert(day.year)
                #expect(try !calendar.isWorkingDay(day), "\(day)")
            default:
                Issue.record("unknown kind in line \(line)")
            }
        }
        #expect(holidayYears == Set(calendar.firstYear...calendar.lastYear))
    }

    @Test("A malformed or empty calendar text is refused with the line that is wrong")
    func malformedText() {
        let header = "# comment\ndate\tkind\tname\n"
        #expect(throws: WorkCalendarError.malformedLine(4)) {
            try WorkCalendar(tsv: header + "2025-01-01\tholiday\tNew Year's Day\n2025-13-01\tholiday\tX\n")
        }
        #expect(throws: WorkCalendarError.malformedLine(3)) { try WorkCalendar(tsv: header + "2025-01-01\tday-off\tX\n") }
        #expect(throws: WorkCalendarError.empty) { try WorkCalendar(tsv: header) }
    }
}
