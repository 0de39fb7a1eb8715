import Foundation
import PigmentModel

/// What the dashboard shows for a range of days, read from the daily rollups (and, for days not yet
/// rolled up, from the events themselves). Visitors are counted once per day: a visitor seen on
/// three days counts three times in a range's totals, as in GoatCounter's and Plausible's daily counts.
public struct AnalyticsReport: Sendable, Equatable {
    /// One day of the chart; every day of the range is present, days without events as zeros.
    public struct Day: Sendable, Equatable {
        /// `2026-05-04` (UTC).
        public var day: String
        public var visitors: Int
        public var pageviews: Int
        public init(day: String, visitors: Int, pageviews: Int) {
            self.day = day
            self.visitors = visitors
            self.pageviews = pageviews
        }
    }

    /// One line of a table: a page, a referrer host, a browser… with its page views (for named
    /// events, how often the event fired) and its daily visitors summed over the range.
    public struct Line: Sendable, Equatable {
        public var value: String
        public var count: Int
        public var visitors: Int
        public init(value: String, count: Int, visitors: Int) {
            self.value = value
            self.count = count
            self.visitors = visitors
        }
    }

    /// The tables, each a dimension of the events. Page views are counted for every dimension but
    /// `event`, which counts named events.
    public enum Dimension: String, Sendable, CaseIterable {
        case page, referrer, browser, system, device, event
    }

    public var days: [Day]
    /// Each dimension's lines, largest count first (ties by value), at most `limit` of them.
    public var tables: [Dimension: [Line]]

    public init(days: [Day], tables: [Dimension: [Line]]) {
        self.days = days
        self.tables = tables
    }

    /// Every day from `from` through `to`, with the figures of the days that had page views.
    public static func everyDay(from: String, to: String, known: [Day]) -> [Day] {
        let byDay = Dictionary(known.map { ($0.day, $0) }, uniquingKeysWith: { first, _ in first })
        return UTCDay.days(from: from, to: to).map { byDay[$0] ?? Day(day: $0, visitors: 0, pageviews: 0) }
    }

    public var totalPageviews: Int { days.reduce(0) { $0 + $1.pageviews } }
    public var totalVisitors: Int { days.reduce(0) { $0 + $1.visitors } }
    public func lines(_ dimension: Dimension) -> [Line] { tables[dimension] ?? [] }
}
