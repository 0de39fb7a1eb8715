import Foundation
import PigmentModel
import Synchronization

/// Who may be counted: the consent ids whose latest record in the log grants analytics and is
/// younger than the consent's lifetime, kept in memory so the check of an analytics event costs no
/// query. Records this server writes are seen at once (a withdrawal stops collection with the next
/// event); records other servers write to a shared log are read by `follow`, a second behind at most.
///
/// Only ids that count are kept: absence means no consent, a refusal or an expired one, so memory
/// grows with the visitors who opted in within a lifetime, not with every choice ever logged
/// (refusals are most of a log). Expired grants are swept every `sweepInterval`.
public final class AnalyticsConsents: Sendable {
    private struct State {
        /// Each counting id's latest grant's time.
        var granted: [String: Date] = [:]
        /// Refusals this server just wrote, until `catchUp` reads them from the log: a page of the log
        /// read just before the refusal was written may still hold the id's older grant, which must
        /// not count again. Each lives about a second (`follow`), at most `sweepInterval`.
        var recentRefusals: [String: Date] = [:]
        /// The newest log position read, so following reads only what came after.
        var position: Int64 = 0
        var lastSweep: Date
    }

    private let state: Mutex<State>
    /// The analytics category's id in the registry.
    public let category: String
    /// How long a consent counts (the choice cookie's lifetime after a consent).
    public let lifetime: TimeInterval
    private let now: @Sendable () -> Date
    static let sweepInterval: TimeInterval = 300

    public init(category: String = "analytics", lifetime: TimeInterval, now: @escaping @Sendable () -> Date = { Date() }) {
        self.category = category
        self.lifetime = lifetime
        self.now = now
        state = Mutex(State(lastSweep: now()))
    }

    /// A record this server just wrote.
    public func observe(_ record: ConsentRecord) {
        let now = self.now()
        state.withLock { state in
            keep(record, in: &state, now: now)
            if !grants(record) { state.recentRefusals[record.consentID] = record.recordedAt }
        }
    }

    /// True when the visitor's latest record grants analytics and is younger than the lifetime.
    public func mayCount(_ consentID: String, now: Date) -> Bool {
        guard let granted = state.withLock({ $0.granted[consentID] }) else { return false }
        return now.timeIntervalSince(granted) <= lifetime
    }

    /// How many ids are kept (the tests' view of the memory bound).
    var entryCount: Int { state.withLock { $0.granted.count + $0.recentRefusals.count } }

    /// Reads the log after the last position read: everything at start-up, then what other servers wrote.
    public func catchUp(with store: any ConsentStore) async throws {
        while true {
            let after = state.withLock { $0.position }
            let page = try await store.records(from: nil, to: nil, after: after, limit: 1000)
            let now = self.now()
            state.withLock { state in
                for entry in page {
                    guard case .success(let record) = entry.record else { continue }
                    if let refused = state.recentRefusals[record.consentID] {
                        // An older grant read late does not count again; the refusal itself, once read, is the log's.
                        if record.recordedAt < refused { continue }
                        state.recentRefusals[record.consentID] = nil
                    }
                    keep(record, in: &state, now: now)
                }
                if let last = page.last { state.position = max(state.position, last.position) }
                if now.timeIntervalSince(state.lastSweep) >= Self.sweepInterval { sweep(&state, now: now) }
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

    /// The newer of two records for an id decides (the log's order is time order; a record read back
    /// after it was observed is not newer): a grant within the lifetime is kept, anything else removes the id.
    private func keep(_ record: ConsentRecord, in state: inout State, now: Date) {
        if let known = state.granted[record.consentID], known > record.recordedAt { return }
        let counts = grants(record) && now.timeIntervalSince(record.recordedAt) <= lifetime
        state.granted[record.consentID] = counts ? record.recordedAt : nil
    }

    private func grants(_ record: ConsentRecord) -> Bool { record.choices[category] == true }

    /// Drops expired grants, and refusals the log never showed back within a sweep (a failing read).
    private func sweep(_ state: inout State, now: Date) {
        state.granted = state.granted.filter { now.timeIntervalSince($0.value) <= lifetime }
        state.recentRefusals = state.recentRefusals.filter { now.timeIntervalSince($0.value) < Self.sweepInterval }
        state.lastSweep = now
    }
}
