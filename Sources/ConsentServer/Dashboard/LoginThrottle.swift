import Foundation
import Synchronization

/// Failed logins per client address: after `limit` failures within a minute, every attempt from
/// that address is refused (429) until the oldest failure is a minute old, right token or not.
final class LoginThrottle: Sendable {
    let limit: Int
    private let window: TimeInterval = 60
    private let maximumClients: Int
    private let failures = Mutex<[String: [Date]]>([:])

    init(limit: Int = 10, maximumClients: Int = 10_000) {
        self.limit = limit
        self.maximumClients = maximumClients
    }

    func isBlocked(_ client: String, now: Date) -> Bool {
        failures.withLock { failures in
            let recent = (failures[client] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[client] = recent.isEmpty ? nil : recent
            return recent.count >= limit
        }
    }

    func failed(_ client: String, now: Date) {
        failures.withLock { failures in
            if failures.count >= maximumClients, failures[client] == nil {
                failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
                if failures.count >= maximumClients { failures.removeAll(keepingCapacity: true) }
            }
            var recent = (failures[client] ?? []).filter { now.timeIntervalSince($0) < window }
            recent.append(now)
            failures[client] = Array(recent.suffix(limit))
        }
    }
}
