import Foundation
import PigmentModel
import Synchronization

/// Who may be counted: each consent id's latest record, as the log holds it, kept in memory so the
/// check of an analytics event costs no query. Records this server writes are seen at once (a
/// withdrawal stops collection with the next event); records other servers write to a shared log
/// are read by `follow`, a second behind at most.
public final class AnalyticsConsents: Sendable {
    /// Why an event is not counted: answered 403 `no_analytics_consent` with this detail.
    public enum Refusal: String, Sendable, Equatable {
        case noConsent = "no consent is recorded for this visitor"
        case refused = "this visitor has not opted in to analytics"
        case expired = "this visitor's consent has expired"
    }

    private struct Latest: Sendable {
        var analytics: Bool
        var recordedAt: Date
    }

    private struct State {
        var latest: [String: Latest] = [:]
        /// The newest log position read, so following reads only what came after.
        var position: Int64 = 0
    }

    private let state = Mutex(State())
    /// The analytics category's id in the registry.
    public let category: String
    /// How long a consent counts (the choice cookie's lifetime after a consent).
    public let lifetime: TimeInterval

    public init(category: String = "analytics", lifetime: TimeInterval) {
        self.category = category
        self.lifetime = lifetime
    }

    /// A record this server just wrote.
    public func observe(_ record: ConsentRecord) {
        state.withLock { Self.keep(record, in: &$0.latest, category: category) }
    }

    /// Nil when the visitor's latest record grants analytics and is younger than the lifetime.
    public func refusal(for consentID: String, now: Date) -> Refusal? {
        guard let latest = state.withLock({ $0.latest[consentID] }) else { return .noConsent }
        guard latest.analytics else { return .refused }
        return now.timeIntervalSince(latest.recordedAt) > lifetime ? .expired : nil
    }

    /// Reads the log after the last position read: everything at start-up, then what other servers wrote.
    public func catchUp(with store: any ConsentStore) async throws {
        while true {
            let after = state.withLock { $0.position }
            let page = try await store.records(from: nil, to: nil, after: after, limit: 1000)
            guard let last = page.last else { return }
            state.withLock { state in
                for entry in page { if case .success(let record) = entry.record { Self.keep(record, in: &state.latest, category: category) } }
                state.position = max(state.position, last.position)
            }
            if page.count < 1000 { return }
        }
    }

    /// Catches up once a second until cancelled (the server's lifetime); a failed read is tried again.
    public func follow(_ store: any ConsentStore, every interval: Duration = .seconds(1)) async {
        while !Task.isCancelled {
            try? await catchUp(with: store)
            try? await Task.sleep(for: interval)
        }
    }

    /// Keeps the newer of two records for an id (the log's order is time order; a record read back
    /// after it was observed is not newer).
    private static func keep(_ record: ConsentRecord, in latest: inout [String: Latest], category: String) {
        if let known = latest[record.consentID], known.recordedAt > record.recordedAt { return }
        latest[record.consentID] = Latest(analytics: record.choices[category] == true, recordedAt: record.recordedAt)
    }
}
