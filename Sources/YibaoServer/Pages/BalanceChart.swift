import Foundation
import YibaoCore
import YibaoPlatform

/// A small SVG chart of a personal account's balance over the last 12 months, drawn on the server from the
/// statement: the balance after each transfer, held flat until the next one (a step line), from the window's
/// first day to today. Inline SVG, so it needs no script, no image request and no other site.
struct BalanceChart {
    let svg: String
    /// One sentence that says what the chart shows, for the caption and the SVG's description.
    let caption: String

    // The drawing's own units (the viewBox); CSS scales it to the column's width.
    static let width = 340.0
    static let height = 190.0
    static let left = 50.0
    static let right = 10.0
    static let top = 12.0
    static let bottom = 26.0

    /// - Parameters:
    ///   - statement: the account's statement from `start` on, newest line first (as the platform returns it).
    ///   - complete: false when the statement stopped at its page limit; the chart then starts at its oldest line.
    init(statement: Statement, start: CalendarDate, end: CalendarDate, complete: Bool) {
        let lines = statement.lines.reversed().filter { $0.date >= start && $0.date <= end }
        let from = complete ? start : (lines.first?.date ?? start)
        // The balance on the first day: before the window's first transfer, or today's when nothing moved.
        let opening = lines.first.map { $0.balanceAfterFen - $0.amountFen } ?? statement.balanceFen
        var points: [(CalendarDate, Fen)] = [(from, opening)]
        points += lines.map { ($0.date, $0.balanceAfterFen) }
        let highest = points.map(\.1).max() ?? .zero
        let scaleMax = BalanceChart.niceCeiling(highest)

        // Pixel positions are the only Double here: money stays in fen, and labels are printed from fen.
        let days = Double(max(1, end.dayNumber - from.dayNumber))
        let plotWidth = BalanceChart.width - BalanceChart.left - BalanceChart.right
        let plotHeight = BalanceChart.height - BalanceChart.top - BalanceChart.bottom
        func x(_ date: CalendarDate) -> Double { BalanceChart.left + Double(date.dayNumber - from.dayNumber) / days * plotWidth }
        func y(_ fen: Fen) -> Double {
            BalanceChart.top + plotHeight - Double(max(0, fen.value)) / Double(scaleMax.value) * plotHeight
        }
        let f = { (v: Double) in String(format: "%.1f", v) }

        var path = "M\(f(x(from))) \(f(y(opening)))"
        for (date, balance) in points.dropFirst() { path += " H\(f(x(date))) V\(f(y(balance)))" }
        path += " H\(f(x(end)))"
        let baseline = f(y(.zero))
        let area = path + " V\(baseline) H\(f(x(from))) Z"

        var grid = ""
        for fraction in [0, 1, 2] {
            let value = Fen(scaleMax.value * Int64(fraction) / 2)
            let gy = f(y(value))
            grid += "<line x1=\"\(f(BalanceChart.left))\" x2=\"\(f(BalanceChart.width - BalanceChart.right))\" y1=\"\(gy)\" "
                + "y2=\"\(gy)\" stroke=\"#d5dae1\" stroke-width=\"1\"/>"
            grid += "<text x=\"\(f(BalanceChart.left - 6))\" y=\"\(gy)\" dy=\"4\" text-anchor=\"end\" font-size=\"12\" "
                + "fill=\"#4a5360\">¥\(BalanceChart.label(value))</text>"
        }
        var ticks = ""
        var month = CalendarDate(year: from.year, month: from.month, day: 1)!.adding(months: 1)
        var monthsSeen = 0
        while month <= end, monthsSeen < 13 {
            if (month.month - 1) % 3 == 0 {
                let tx = f(x(month))
                ticks += "<line x1=\"\(tx)\" x2=\"\(tx)\" y1=\"\(baseline)\" y2=\"\(f(y(.zero) + 4))\" stroke=\"#7b8594\"/>"
                ticks += "<text x=\"\(tx)\" y=\"\(f(BalanceChart.height - 6))\" text-anchor=\"middle\" font-size=\"12\" "
                    + "fill=\"#4a5360\">\(month.month == 1 ? "\(month.year)年" : "")\(month.month)月</text>"
            }
            month = month.adding(months: 1)
            monthsSeen += 1
        }

        let movements = lines.count
        caption = "\(from) 至 \(end)：期初 ¥\(opening)，当前 ¥\(statement.balanceFen)，最高 ¥\(highest)"
            + (movements == 0 ? "，期间没有收支。" : "，期间 \(movements) 笔收支。")
        svg = """
            <svg viewBox="0 0 \(Int(BalanceChart.width)) \(Int(BalanceChart.height))" role="img" \
            aria-labelledby="balance-chart-title balance-chart-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="balance-chart-title">近 12 个月个人账户余额走势</title>\
            <desc id="balance-chart-desc">\(PageText.escape(caption))</desc>\
            \(grid)<path d="\(area)" fill="#dbe7f5"/>\
            <path d="\(path)" fill="none" stroke="#0a4f96" stroke-width="2" stroke-linejoin="round"/>\
            <circle cx="\(f(x(end)))" cy="\(f(y(statement.balanceFen)))" r="3.5" fill="#0a4f96"/>\(ticks)</svg>
            """
    }

    /// The smallest 1, 2 or 5 × 10ⁿ yuan at or above `fen` (at least ¥1), so the scale reads in round figures.
    static func niceCeiling(_ fen: Fen) -> Fen {
        var step: Int64 = 100
        while true {
            for m: Int64 in [1, 2, 5] where step * m >= fen.value { return Fen(step * m) }
            guard step <= Int64.max / 100 else { return fen }
            step *= 10
        }
    }

    /// A scale label: whole yuan when round ("2000"), else yuan and fen.
    static func label(_ fen: Fen) -> String {
        fen.value % 100 == 0 ? String(fen.value / 100) : fen.description
    }
}
