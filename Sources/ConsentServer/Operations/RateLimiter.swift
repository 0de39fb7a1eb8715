import Foundation
import Synchronization

/// Per-client token buckets, in memory only: each client may make `perMinute` requests a minute,
/// in bursts of up to `burst`. The table is bounded, so a flood of addresses cannot exhaust memory.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    public let perMinute: Int
    public let burst: Int
    private let maximumClients: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(perMinute: Int, burst: Int? = nil, maximumClients: Int = 100_000) {
        self.perMinute = perMinute
        self.burst = burst ?? max(1, perMinute / 2)
        self.maximumClients = maximumClients
    }

    /// Takes one token for the client; false when it has none left. `now` is in seconds.
    public func allow(_ client: String, now: Double = Date().timeIntervalSince1970) -> Bool {
        guard perMinute > 0 else { return true }
        let rate = Double(perMinute) / 60
        return buckets.withLock { buckets in
            if buckets.count >= maximumClients, buckets[client] == nil {
                // Forget clients whose buckets are full again: they lose nothing by it.
                buckets = buckets.filter { _, bucket in bucket.tokens + (now - bucket.updated) * rate < Double(burst) }
                if buckets.count >= maximumClients { buckets.removeAll(keepingCapacity: true) }
            }
            var bucket = buckets[client] ?? Bucket(tokens: Double(burst), updated: now)
            bucket.tokens = min(Double(burst), bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[client] = bucket
            return allowed
        }
    }
}
