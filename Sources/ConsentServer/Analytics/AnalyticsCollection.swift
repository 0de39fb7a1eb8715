import Foundation
import PigmentModel

/// What `POST /api/events` needs: who may be counted, where events go, and the visitor cookie's name.
public struct AnalyticsCollection: Sendable {
    public let consents: AnalyticsConsents
    public let events: any EventStore
    /// The analytics category's first cookie in the registry (`ps_analytics_id`): a random visitor id.
    public let visitorCookie: String

    public init(registry: ConsentRegistry, events: any EventStore, lifetime: TimeInterval) {
        let category = Self.category(in: registry)
        consents = AnalyticsConsents(category: category?.id ?? "analytics", lifetime: lifetime)
        self.events = events
        visitorCookie = category?.cookies.first?.name ?? "ps_analytics_id"
    }

    /// The category analytics belong to: `analytics`, else the registry's first optional one.
    public static func category(in registry: ConsentRegistry) -> ConsentRegistry.Category? {
        registry.categories.first { $0.id == "analytics" } ?? registry.categories.first { !$0.required }
    }
}
