import Foundation
import Testing
import YibaoCore

@testable import YibaoPlatform

@Suite("The system clock in Beijing time")
struct PlatformClockTests {
    @Test func midnightInBeijingIsFourPMInUTC() {
        // 2025-12-19T16:00:00Z is 2025-12-20 00:00:00 in Beijing; one second earlier is still the 19th.
        #expect(PlatformClock.beijing(unixSeconds: 1_766_160_000).date == CalendarDate(year: 2025, month: 12, day: 20))
        #expect(PlatformClock.beijing(unixSeconds: 1_766_160_000).secondsOfDay == 0)
        #expect(PlatformClock.beijing(unixSeconds: 1_766_159_999).date == CalendarDate(year: 2025, month: 12, day: 19))
        #expect(PlatformClock.beijingTimestamp(unixSeconds: 1_766_159_999) == "2025-12-19T23:59:59+08:00")
        #expect(PlatformClock.beijingTimestamp(unixSeconds: 0) == "1970-01-01T08:00:00+08:00")
        // Before 1970 (a negative Unix time), on a leap day.
        #expect(PlatformClock.beijingTimestamp(unixSeconds: -310_517_877) == "1960-02-29T09:02:03+08:00")
    }

    @Test func agreesWithFoundationsCalendarInShanghai() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "Asia/Shanghai"))
        var random = SplitMix64(seed: 20_251_220)
        for _ in 0..<2_000 {
            // 1992…2037: after China's last daylight-saving year, so Foundation's zone is UTC+8 throughout.
            let t = Int64(694_224_000 + Int(random.next() % 1_451_606_400))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second],
                from: Date(timeIntervalSince1970: TimeInterval(t)))
            let (date, seconds) = PlatformClock.beijing(unixSeconds: t)
            #expect(date == CalendarDate(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0), "\(t)")
            #expect(seconds == (c.hour ?? 0) * 3600 + (c.minute ?? 0) * 60 + (c.second ?? 0), "\(t)")
        }
        let today = PlatformClock.system.today()
        let now = calendar.dateComponents([.year, .month, .day], from: Date())
        // Allow the test to straddle midnight.
        #expect(today == CalendarDate(year: now.year ?? 0, month: now.month ?? 0, day: now.day ?? 0)
            || today.adding(days: 1) == CalendarDate(year: now.year ?? 0, month: now.month ?? 0, day: now.day ?? 0))
    }
}
