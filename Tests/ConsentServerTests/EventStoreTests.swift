import Foundation
import PigmentModel
import Testing
@testable import ConsentServer

/// Both event stores (a SQLite file; the PostgreSQL database of the consent log) keep, count,
/// erase, roll up and report events alike.
@Suite("Event stores")
struct EventStoreTests {
    /// A fresh event store of the kind, and a second one on the same data (another server) where the kind shares.
    struct TestEvents {
        let store: any EventStore
        let secondServer: (any EventStore)?
    }

    static func withEvents(_ kind: StoreKind, _ body: (TestEvents) async throws -> Void) async throws {
        switch kind {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            try await body(TestEvents(store: try SQLiteEventStore(path: path), secondServer: nil))
        case .postgres:
            try await TestLog.withFresh(.postgres) { log in
                let first = try #require(log.store as? PostgresConsentStore)
                let second = try #require(try await log.reopen() as? PostgresConsentStore)
                defer { second.close() }
                // The database keeps only events of visitors whose latest record opts in.
                try await log.store.append([1, 2].map { SQLiteConsentStoreTests.record(String(format: "c%031x", $0), analytics: true) })
                try await body(TestEvents(store: PostgresEventStore(beside: first, category: "analytics"), secondServer: PostgresEventStore(beside: second, category: "analytics")))
            }
        }
    }

    static let start = UTCDay.date("2026-05-04")!

    static func event(visitor: Int, day: Int, hour: Double = 12, path: String = "/", kind: PageEvent.Kind = .pageview, name: String? = nil,
                      referrer: String? = nil, device: PageEvent.Device? = .desktop, browser: String = "Firefox", consent: String? = nil) -> PageEvent {
        PageEvent(visitor: String(format: "%032x", visitor), consentID: consent ?? String(format: "c%031x", visitor),
                  recordedAt: start.addingTimeInterval(Double(day) * 86_400 + hour * 3600), kind: kind, name: name, path: path,
                  referrerHost: referrer, device: device, language: "en", browser: browser, system: "Linux")
    }

    /// Three days: visitor 1 reads two pages on day 0 and one on day 2, visitor 2 one page on day 0
    /// from a referrer and clicks a plan; day 1 has no events.
    static let sample: [PageEvent] = [
        event(visitor: 1, day: 0, path: "/"), event(visitor: 1, day: 0, hour: 13, path: "/pricing/"),
        event(visitor: 2, day: 0, path: "/pricing/", referrer: "news.example.com", device: .mobile, browser: "Chrome"),
        event(visitor: 2, day: 0, path: "/pricing/", kind: .event, name: "choose_plan"),
        event(visitor: 1, day: 2, path: "/pricing/", device: nil),
    ]

    static func record(_ events: [PageEvent], in store: any EventStore) async throws {
        for event in events { #expect(store.record(event)) }
        try await store.flush()
    }

    @Test(arguments: StoreKind.underTest)
    func theReportCountsDailyVisitorsPageViewsAndEachTable(kind: StoreKind) async throws {
        try await Self.withEvents(kind) { events in
            try await Self.record(Self.sample, in: events.store)
            let report = try await events.store.report(from: "2026-05-04", to: "2026-05-06", limit: 10)
            #expect(report.days == [.init(day: "2026-05-04", visitors: 2, pageviews: 3), .init(day: "2026-05-05", visitors: 0, pageviews: 0),
                                    .init(day: "2026-05-06", visitors: 1, pageviews: 1)])
            #expect(report.lines(.page) == [.init(value: "/pricing/", count: 3, visitors: 3), .init(value: "/", count: 1, visitors: 1)])
            #expect(report.lines(.referrer) == [.init(value: "news.example.com", count: 1, visitors: 1)])
            #expect(report.lines(.browser) == [.init(value: "Firefox", count: 3, visitors: 2), .init(value: "Chrome", count: 1, visitors: 1)])
            #expect(report.lines(.device) == [.init(value: "desktop", count: 2, visitors: 1), .init(value: "mobile", count: 1, visitors: 1),
                                              .init(value: "unknown", count: 1, visitors: 1)])
            #expect(report.lines(.event) == [.init(value: "choose_plan", count: 1, visitors: 1)])
            #expect(report.totalPageviews == 4)
            let cut = try await events.store.report(from: "2026-05-04", to: "2026-05-04", limit: 1)
            #expect(cut.lines(.page) == [.init(value: "/pricing/", count: 2, visitors: 2)])
        }
    }

    @Test(arguments: StoreKind.underTest)
    func rolledUpDaysReportTheSameAndOutliveTheEventsPurge(kind: StoreKind) async throws {
        try await Self.withEvents(kind) { events in
            try await Self.record(Self.sample, in: events.store)
            let live = try await events.store.report(from: "2026-05-01", to: "2026-05-10", limit: 10)
            // Day 2 (2026-05-06) is "today": only the days before it are rolled up, once.
            #expect(try await events.store.rollUp(before: "2026-05-06") == 1)
            #expect(try await events.store.rollUp(before: "2026-05-06") == 0)
            #expect(try await events.store.report(from: "2026-05-01", to: "2026-05-10", limit: 10) == live)
            // The rollups hold no ids: purging the events keeps the rolled-up day's figures.
            #expect(try await events.store.purge(olderThan: UTCDay.date("2026-05-05")!) == 4)
            let after = try await events.store.report(from: "2026-05-01", to: "2026-05-10", limit: 10)
            #expect(after == live)
            #expect(try await events.store.all().count == 1)
        }
    }

    @Test(arguments: StoreKind.underTest)
    func eventsAreCountedAndErasedByConsentIdWaitingOnesIncluded(kind: StoreKind) async throws {
        try await Self.withEvents(kind) { events in
            try await Self.record(Self.sample, in: events.store)
            #expect(events.store.record(Self.event(visitor: 1, day: 2, hour: 14)))
            let consent = String(format: "c%031x", 1)
            #expect(try await events.store.count(consentID: consent) == 4)
            #expect(try await events.store.delete(consentID: consent) == 4)
            #expect(try await events.store.count(consentID: consent) == 0)
            try await events.store.flush()
            #expect(try await events.store.all().map(\.visitor) == [String(format: "%032x", 2), String(format: "%032x", 2)])
        }
    }

    @Test(arguments: StoreKind.underTest)
    func storedEventsReadBackAsTheyWereRecorded(kind: StoreKind) async throws {
        try await Self.withEvents(kind) { events in
            try await Self.record(Self.sample, in: events.store)
            #expect(try await events.store.all() == Self.sample)
        }
    }

    /// Several servers on one PostgreSQL database: one set of events, erasable from any server,
    /// each day rolled up once however many servers try.
    @Test func serversSharingPostgreSQLShareEventsErasureAndRollups() async throws {
        guard StoreKind.underTest.contains(.postgres) else { return }
        try await Self.withEvents(.postgres) { events in
            let second = try #require(events.secondServer)
            try await Self.record(Array(Self.sample.prefix(3)), in: events.store)
            try await Self.record(Array(Self.sample.dropFirst(3)), in: second)
            #expect(try await second.report(from: "2026-05-04", to: "2026-05-06", limit: 10).totalPageviews == 4)
            async let first = events.store.rollUp(before: "2026-05-07")
            async let other = second.rollUp(before: "2026-05-07")
            #expect(try await first + other == 2)
            #expect(try await events.store.delete(consentID: String(format: "c%031x", 2)) == 2)
            #expect(try await second.count(consentID: String(format: "c%031x", 2)) == 0)
            #expect(try await second.report(from: "2026-05-04", to: "2026-05-06", limit: 10).totalPageviews == 4)
        }
    }

    /// A server learns of a withdrawal written by another a second late; the database does not:
    /// events queued for a visitor whose latest record refuses analytics are not inserted.
    @Test func postgreSQLDropsQueuedEventsOfAVisitorWhoWithdrewOnAnotherServer() async throws {
        guard StoreKind.underTest.contains(.postgres) else { return }
        try await TestLog.withFresh(.postgres) { log in
            let events = PostgresEventStore(beside: try #require(log.store as? PostgresConsentStore), category: "analytics")
            let stays = String(format: "c%031x", 1), withdrew = String(format: "c%031x", 2)
            try await log.store.append([SQLiteConsentStoreTests.record(stays, analytics: true), SQLiteConsentStoreTests.record(withdrew, analytics: true)])
            try await log.store.append([SQLiteConsentStoreTests.record(withdrew, at: Date(timeIntervalSince1970: 1_780_000_100), event: .withdraw, analytics: false)])
            try await Self.record([Self.event(visitor: 1, day: 0), Self.event(visitor: 2, day: 0), Self.event(visitor: 3, day: 0)], in: events)
            #expect(try await events.all().map(\.consentID) == [stays])
        }
    }
}
