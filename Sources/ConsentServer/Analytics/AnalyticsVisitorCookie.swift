import Foundation
import PigmentModel

/// `ps_analytics_id`, set by the server with the first event it accepts from a visitor who opted in,
/// not by the tag: on the consent server's own host (or `--cookie-domain`, as the choice cookie), so
/// it reaches the server when the site is on a CDN and the API on another host; HttpOnly, since no
/// script needs it; and for the lifetime the registry states.
enum AnalyticsVisitorCookie {
    static func header(name: String, id: String, lifetime: TimeInterval, configuration: ConsentAPIConfiguration) -> String {
        var parts = ["\(name)=\(id)", "Path=/", "Max-Age=\(Int(lifetime))", "SameSite=Lax", "HttpOnly"]
        if let domain = configuration.cookieDomain { parts.insert("Domain=\(domain)", at: 1) }
        if configuration.secureCookies { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// A registry lifetime (`13 months`, `30 days`, `1 year`) in seconds, months counted as 30 days
    /// as the choice cookie's are; nil for anything else (`session`).
    static func seconds(_ lifetime: String) -> TimeInterval? {
        let words = lifetime.lowercased().split(separator: " ")
        guard words.count == 2, let count = Int(words[0]), count > 0 else { return nil }
        let day: TimeInterval = 86_400
        switch words[1] {
        case "day", "days": return TimeInterval(count) * day
        case "month", "months": return TimeInterval(count) * 30 * day
        case "year", "years": return TimeInterval(count) * 365 * day
        default: return nil
        }
    }
}
