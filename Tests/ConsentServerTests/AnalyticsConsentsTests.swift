import Foundation
import PigmentModel
import Synchronization
import Testing
@testable import ConsentServer

/// `AnalyticsConsents` keeps only the ids that count: a refused or expired one leaves no entry, and
/// the answers stay those of the log's latest record.
@Suite("Analytics consents in memory")
struct AnalyticsConsentsTests {
    static let lifetime: TimeInterval = 360 * 86_400
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    final class Clock: Sendable {
        let now = Mutex(AnalyticsConsentsTests.start)
        func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static func record(_ id: String, analytics: Bool, at date: Date) -> ConsentRecord {
        ConsentRecord(consentID: id, recordedAt: date, event: analytics ? .first : .change, choices: ["essential": true, "analytics": analytics],
                      registryVersion: ConsentAPITests.registry.version, policyVersion: nil, method: analytics ? .acceptAll : .rejectAll,
                      source: .banner, gpc: false, pagePath: nil)
    }

    static func withLog(_ body: (SQLiteConsentStore, AnalyticsConsents, Clock) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("consents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteConsentStore(path: directory.appendingPathComponent("consents.sqlite").path)
        let clock = Clock()
        try await body(store, AnalyticsConsents(lifetime: lifetime, now: { clock.now.withLock { $0 } }), clock)
    }

    @Test func aRefusalLeavesNoEntryOnceTheLogShowsIt() async throws {
        try await Self.withLog { store, consents, clock in
            let id = ConsentID.generate()
            for analytics in [true, false] {
                let record = Self.record(id, analytics: analytics, at: clock.now.withLock { $0 })
                try await store.append(record)
                consents.observe(record)
                clock.advance(1)
            }
            #expect(!consents.mayCount(id, now: clock.now.withLock { $0 }))
            try await consents.catchUp(with: store)
            #expect(consents.entryCount == 0)
            #expect(!consents.mayCount(id, now: clock.now.withLock { $0 }))
            let refusedOnly = ConsentID.generate()
            try await store.append(Self.record(refusedOnly, analytics: false, at: clock.now.withLock { $0 }))
            try await consents.catchUp(with: store)
            #expect(consents.entryCount == 0, "a refusal another server wrote is not kept either")
        }
    }

    /// A page of the log read just before this server wrote a withdrawal holds the older opt-in only:
    /// reading it late must not make the visitor count again.
    @Test func anOptInReadAfterItsWithdrawalDoesNotCountAgain() async throws {
        try await Self.withLog { store, consents, clock in
            let id = ConsentID.generate()
            let optIn = Self.record(id, analytics: true, at: clock.now.withLock { $0 })
            try await store.append(optIn)
            consents.observe(optIn)
            clock.advance(1)
            consents.observe(Self.record(id, analytics: false, at: clock.now.withLock { $0 }))  // not in the log yet
            try await consents.catchUp(with: store)
            #expect(!consents.mayCount(id, now: clock.now.withLock { $0 }))
        }
    }

    @Test func anExpiredConsentStopsCountingAndIsSweptAway() async throws {
        try await Self.withLog { store, consents, clock in
            let old = ConsentID.generate()
            let fresh = ConsentID.generate()
            try await store.append(Self.record(old, analytics: true, at: clock.now.withLock { $0 }))
            try await consents.catchUp(with: store)
            #expect(consents.mayCount(old, now: clock.now.withLock { $0 }))
            clock.advance(Self.lifetime - 60)
            try await store.append(Self.record(fresh, analytics: true, at: clock.now.withLock { $0 }))
            clock.advance(120)
            let now = clock.now.withLock { $0 }
            #expect(!consents.mayCount(old, now: now), "expired before any sweep")
            try await consents.catchUp(with: store)
            #expect(consents.mayCount(fresh, now: now))
            #expect(consents.entryCount == 1, "the sweep dropped the expired id and kept the fresh one")

            // At start-up, an expired opt-in in the log is never kept.
            let restarted = AnalyticsConsents(lifetime: Self.lifetime, now: { clock.now.withLock { $0 } })
            try await restarted.catchUp(with: store)
            #expect(restarted.entryCount == 1 && restarted.mayCount(fresh, now: now) && !restarted.mayCount(old, now: now))
        }
    }
}
