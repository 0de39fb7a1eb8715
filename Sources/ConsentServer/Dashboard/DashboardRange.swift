import Foundation
import PigmentModel

/// The days the dashboard shows, `from` through `to` (UTC, both included): the last 30 days unless
/// the query names others, at most a year and a day so one page stays small.
struct DashboardRange: Sendable, Equatable {
    static let defaultDays = 30
    static let maximumDays = 366

    let from: String
    let to: String
    var days: [String] { UTCDay.days(from: from, to: to, limit: Self.maximumDays) }
    /// Midnight of `from`, and midnight after `to`: the consent log's `[from, to)` bounds.
    var start: Date { UTCDay.date(from)! }
    var end: Date { UTCDay.date(to)!.addingTimeInterval(86_400) }
    var query: String { "from=\(from)&to=\(to)" }

    /// The range the query asks for, or why it cannot be shown.
    static func parse(from: String?, to: String?, today: Date) -> Result<DashboardRange, RangeError> {
        let to = (to?.isEmpty ?? true) ? nil : to
        let from = (from?.isEmpty ?? true) ? nil : from
        let end: Date
        if let to {
            guard let day = UTCDay.date(to) else { return .failure(RangeError("“to” is not a day like 2026-05-04: \(to)")) }
            end = day
        } else {
            end = UTCDay.date(UTCDay.text(today))!
        }
        let start: Date
        if let from {
            guard let day = UTCDay.date(from) else { return .failure(RangeError("“from” is not a day like 2026-05-04: \(from)")) }
            start = day
        } else {
            start = end.addingTimeInterval(-Double(defaultDays - 1) * 86_400)
        }
        guard start <= end else { return .failure(RangeError("“from” comes after “to”")) }
        let count = Int((end.timeIntervalSince(start) / 86_400).rounded()) + 1
        guard count <= maximumDays else {
            return .failure(RangeError("the range spans \(count) days; at most \(maximumDays) can be shown at once"))
        }
        return .success(DashboardRange(from: UTCDay.text(start), to: UTCDay.text(end)))
    }

    struct RangeError: Error, Equatable {
        let detail: String
        init(_ detail: String) { self.detail = detail }
    }
}
