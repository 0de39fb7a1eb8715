import Foundation

/// The dashboard's tables, each shown on the page and downloadable as CSV from
/// `/admin/analytics/<name>.csv`: one list of columns and rows for both, so they never disagree.
enum DashboardTable: String, CaseIterable, Sendable {
    case days, page, referrer, browser, system, device, event, consents

    var title: String {
        switch self {
        case .days: "Visitors and page views per day"
        case .page: "Top pages"
        case .referrer: "Top referrer hosts"
        case .browser: "Browsers"
        case .system: "Operating systems"
        case .device: "Device types"
        case .event: "Named events"
        case .consents: "Consent choices per day"
        }
    }

    /// The events' dimension a ranked table shows; nil for the per-day tables.
    var dimension: AnalyticsReport.Dimension? {
        switch self {
        case .page: .page
        case .referrer: .referrer
        case .browser: .browser
        case .system: .system
        case .device: .device
        case .event: .event
        case .days, .consents: nil
        }
    }

    var needsAnalytics: Bool { self != .consents }

    var header: [String] {
        switch self {
        case .days: ["Day", "Visitors", "Page views"]
        case .page: ["Page", "Page views", "Visitors"]
        case .referrer: ["Referrer host", "Page views", "Visitors"]
        case .browser: ["Browser", "Page views", "Visitors"]
        case .system: ["Operating system", "Page views", "Visitors"]
        case .device: ["Device type", "Page views", "Visitors"]
        case .event: ["Event", "Times", "Visitors"]
        case .consents: ["Day", "Choices", "Opted in to analytics", "Opt-in rate", "Refused all", "Refusal share", "GPC signals", "GPC share"]
        }
    }

    /// The rows as text; a share with no choices under it is empty.
    func rows(report: AnalyticsReport?, consents: ConsentDayFigures?, range: DashboardRange) -> [[String]] {
        switch self {
        case .days:
            return (report?.days ?? []).map { [$0.day, String($0.visitors), String($0.pageviews)] }
        case .consents:
            return (consents?.days(range) ?? []).map { day in
                [day.day, String(day.choices), String(day.analyticsGranted), Self.percent(day.optInRate), String(day.refusals),
                 Self.percent(day.refusalShare), String(day.gpc), Self.percent(day.gpcShare)]
            }
        default:
            guard let dimension, let report else { return [] }
            return report.lines(dimension).map { [$0.value.isEmpty ? "(none)" : $0.value, String($0.count), String($0.visitors)] }
        }
    }

    static func percent(_ share: Double?) -> String {
        guard let share else { return "" }
        return String(format: "%.1f%%", share * 100)
    }

    func csvPath(_ range: DashboardRange) -> String { "/admin/analytics/\(rawValue).csv?\(range.query)" }
}
