import Foundation
import HTTPTypes
import Hummingbird
import PigmentModel

/// What `POST /api/events` needs: who may be counted, where events go, the visitor cookie's name,
/// and how many events one visitor may send.
public struct AnalyticsCollection: Sendable {
    public let consents: AnalyticsConsents
    public let events: any EventStore
    /// The analytics category's first cookie in the registry (`ps_analytics_id`): a random visitor id.
    public let visitorCookie: String
    /// Events per minute under one consent id (in bursts of up to half a minute's): a page sends one
    /// view and a few events, so more is a script gone wrong or someone filling the store. 0: no limit.
    public let eventLimiter: RateLimiter
    let userAgents = UserAgentFamilies()
    /// How long the visitor cookie lives: its lifetime in the registry (13 months by default).
    let visitorCookieLifetime: TimeInterval
    let rateLimited: Response

    public static let defaultEventsPerMinute = 120

    public init(registry: ConsentRegistry, events: any EventStore, lifetime: TimeInterval, eventsPerMinute: Int = defaultEventsPerMinute,
                now: @escaping @Sendable () -> Date = { Date() }) {
        let category = Self.category(in: registry)
        consents = AnalyticsConsents(category: category?.id ?? "analytics", lifetime: lifetime, now: now)
        self.events = events
        let visitorCookie = category?.cookies.first?.name ?? "ps_analytics_id"
        self.visitorCookie = visitorCookie
        visitorCookieLifetime = category?.cookies.first.flatMap { AnalyticsVisitorCookie.seconds($0.lifetime) } ?? 13 * 30 * 86_400
        eventLimiter = RateLimiter(perMinute: eventsPerMinute)
        var rateLimited = JSONResponse.error(SubmissionError(status: 429, code: "rate_limited",
                                                             detail: "at most \(eventsPerMinute) events a minute per visitor; nothing was stored"))
        // The time one token takes to come back.
        rateLimited.headers[.retryAfter] = String(max(1, Int((60 / Double(max(1, eventsPerMinute))).rounded(.up))))
        self.rateLimited = rateLimited
    }

    /// The category analytics belong to: `analytics`, else the registry's first optional one.
    public static func category(in registry: ConsentRegistry) -> ConsentRegistry.Category? {
        registry.categories.first { $0.id == "analytics" } ?? registry.categories.first { !$0.required }
    }
}
