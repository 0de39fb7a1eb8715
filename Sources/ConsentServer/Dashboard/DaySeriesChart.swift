import Foundation

/// Visitors and page views per day as an SVG line chart, drawn on the server: a point a day for
/// each series, a y axis in round steps, the first, middle and last day on the x axis. Screen
/// readers get the title and a description with the totals (the page's per-day table has the rest).
struct DaySeriesChart {
    let days: [AnalyticsReport.Day]

    static let width = 720.0, height = 260.0
    static let left = 52.0, right = 20.0, top = 16.0, bottom = 40.0
    static let tickCount = 4

    /// The y axis's top and its step: a 1, 2 or 5 times a power of ten, so labels are round.
    static func scale(maximum: Int) -> (top: Int, step: Int) {
        let raw = Double(max(maximum, 1)) / Double(tickCount)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2.0, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        let whole = max(1, Int(step.rounded(.up)))
        return (whole * tickCount, whole)
    }

    func x(_ index: Int) -> Double {
        let plot = Self.width - Self.left - Self.right
        return days.count <= 1 ? Self.left + plot / 2 : Self.left + plot * Double(index) / Double(days.count - 1)
    }

    func y(_ value: Int, top: Int) -> Double {
        let plot = Self.height - Self.top - Self.bottom
        return Self.top + plot * (1 - Double(value) / Double(top))
    }

    var svg: String {
        let pageviews = days.reduce(0) { $0 + $1.pageviews }, visitors = days.reduce(0) { $0 + $1.visitors }
        let (topValue, step) = Self.scale(maximum: days.map { max($0.pageviews, $0.visitors) }.max() ?? 0)
        let busiest = days.max { $0.pageviews < $1.pageviews }
        var description = "From \(days.first?.day ?? "") to \(days.last?.day ?? ""): \(visitors) visitors and \(pageviews) page views"
        if let busiest, busiest.pageviews > 0 { description += "; the busiest day was \(busiest.day) with \(busiest.pageviews) page views" }
        description += "."

        var svg = """
        <svg class="day-series" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" role="img" aria-labelledby="chart-title chart-desc" \
        xmlns="http://www.w3.org/2000/svg">
        <title id="chart-title">Visitors and page views per day</title>
        <desc id="chart-desc">\(HTMLText.escape(description))</desc>

        """
        for tick in stride(from: 0, through: topValue, by: step) {
            let lineY = format(y(tick, top: topValue))
            svg += "<line class=\"\(tick == 0 ? "axis" : "grid")\" x1=\"\(format(Self.left))\" x2=\"\(format(Self.width - Self.right))\" y1=\"\(lineY)\" y2=\"\(lineY)\"/>\n"
            svg += "<text x=\"\(format(Self.left - 8))\" y=\"\(lineY)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(tick)</text>\n"
        }
        var labelled = [0, days.count - 1]
        if days.count > 2 { labelled.insert(days.count / 2, at: 1) }
        for index in Set(labelled).sorted() where days.indices.contains(index) {
            let anchor = days.count == 1 ? "middle" : index == 0 ? "start" : index == days.count - 1 ? "end" : "middle"
            svg += "<text x=\"\(format(x(index)))\" y=\"\(format(Self.height - 14))\" text-anchor=\"\(anchor)\">\(days[index].day)</text>\n"
        }
        for (name, label, value) in [("visitors", "visitors", \AnalyticsReport.Day.visitors), ("pageviews", "page views", \AnalyticsReport.Day.pageviews)] {
            let points = days.indices.map { "\(format(x($0))),\(format(y(days[$0][keyPath: value], top: topValue)))" }
            svg += "<polyline class=\"series \(name)\" points=\"\(points.joined(separator: " "))\"/>\n"
            for (index, day) in days.enumerated() {
                svg += "<circle class=\"\(name)\" cx=\"\(format(x(index)))\" cy=\"\(format(y(day[keyPath: value], top: topValue)))\" r=\"3\">"
                    + "<title>\(day.day): \(day[keyPath: value]) \(label)</title></circle>\n"
            }
        }
        return svg + "</svg>"
    }

    private func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
