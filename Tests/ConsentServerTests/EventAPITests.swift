import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Synchronization
import Testing
@testable import ConsentServer

/// `POST /api/events`: counted only when the consent log says the visitor opted in. Every refusal
/// stores nothing.
@Suite("Analytics events")
struct EventAPITests {
    static let visitor = "00112233445566778899aabbccddeeff"
    static let pageview = #"{"type":"pageview","path":"/pricing/","referrer":"news.example.com","device":"mobile","language":"en"}"#
    static let firefox = "Mozilla/5.0 (Android 14; Mobile; rv:126.0) Gecko/126.0 Firefox/126.0"

    final class Clock: Sendable {
        let now = Mutex(Date(timeIntervalSince1970: 1_780_000_000))
    }

    struct Server {
        let client: any TestClientProtocol
        let store: SQLiteConsentStore
        let events: SQLiteEventStore
        let analytics: AnalyticsCollection
        let clock: Clock
    }

    static func withServer(eventsPerMinute: Int = AnalyticsCollection.defaultEventsPerMinute,
                           _ body: @Sendable (Server) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteConsentStore(path: directory.appendingPathComponent("consents.sqlite").path)
        let events = try SQLiteEventStore(path: directory.appendingPathComponent("events.sqlite").path)
        let clock = Clock()
        var configuration = ConsentAPIConfiguration(registry: ConsentAPITests.registry, policyVersion: "2026-05-04",
                                                    siteOrigin: "https://pigmentstudio.com")
        configuration.now = { clock.now.withLock { $0 } }
        let analytics = AnalyticsCollection(registry: ConsentAPITests.registry, events: events, lifetime: configuration.lifetimeAfterConsent,
                                            eventsPerMinute: eventsPerMinute, now: configuration.now)
        let router = Router(context: ConsentRequestContext.self)
        ConsentRoutes(store: store, configuration: configuration, rateLimiter: RateLimiter(perMinute: 0), analytics: analytics).add(to: router)
        let app = Application(router: router, server: .http1(timeouts: ConnectionTimeouts()),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(Server(client: client, store: store, events: events, analytics: analytics, clock: clock))
        }
    }

    /// Records a choice; returns the choice cookie's value as the server set it.
    static func choose(_ server: Server, analytics: Bool, headers extra: HTTPFields = [:]) async throws -> String {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return try await server.client.execute(uri: "/api/consent", method: .post, headers: headers,
                                               body: ByteBuffer(string: #"{"choices": {"analytics": \#(analytics)}}"#)) { response in
            #expect(response.status == .created)
            let cookie = response.headers[values: .setCookie].first { $0.hasPrefix("pigment_consent=") } ?? ""
            return String(cookie.dropFirst("pigment_consent=".count).prefix { $0 != ";" })
        }
    }

    /// Posts an event with the given choice cookie; returns the status and the error code.
    static func post(_ server: Server, consent: String?, visitor: String? = visitor, body: String = pageview,
                     headers extra: HTTPFields = [:]) async throws -> (Int, String?) {
        var headers: HTTPFields = [.contentType: "application/json", .userAgent: firefox]
        let cookies = [consent.map { "pigment_consent=\($0)" }, visitor.map { "ps_analytics_id=\($0)" }].compactMap { $0 }
        if !cookies.isEmpty { headers[.cookie] = cookies.joined(separator: "; ") }
        for field in extra { headers[field.name] = field.value }
        return try await server.client.execute(uri: "/api/events", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            (Int(response.status.code), ConsentAPITests.json(response.body)["error"] as? String)
        }
    }

    static func stored(_ server: Server) async throws -> [PageEvent] {
        try await server.events.flush()
        return try await server.events.all()
    }

    @Test func anOptedInVisitorsPageViewAndEventAreStoredReduced() async throws {
        try await Self.withServer { server in
            let consent = try await Self.choose(server, analytics: true)
            #expect(try await Self.post(server, consent: consent).0 == 204)
            #expect(try await Self.post(server, consent: consent, body: #"{"type":"event","name":"choose_plan","path":"/pricing/?plan=pro"}"#).0 == 204)
            let events = try await Self.stored(server)
            #expect(events.count == 2)
            #expect(events.map(\.kind) == [.pageview, .event])
            #expect(events.map(\.path) == ["/pricing/", "/pricing/"], "no query string is kept")
            #expect(events[0].referrerHost == "news.example.com" && events[0].device == .mobile && events[0].language == "en")
            #expect(events[1].name == "choose_plan")
            #expect(events.allSatisfy { $0.visitor == Self.visitor && $0.browser == "Firefox" && $0.system == "Android" })
        }
    }

    @Test func nothingIsCountedWithoutAnOptIn() async throws {
        try await Self.withServer { server in
            let refused = try await Self.choose(server, analytics: false)
            let refusedID = String(refused.prefix(32))
            let registryVersion = refused.split(separator: ".")[1]
            var cases: [(String, String?, HTTPFields)] = [
                ("no cookie", nil, [:]),
                ("a refusal", refused, [:]),
                // The cookie's granted part is the visitor's to edit; the log decides.
                ("a forged cookie", "\(refusedID).\(registryVersion).analytics", [:]),
                ("an id the log does not hold", "\(ConsentID.generate()).\(registryVersion).analytics", [:]),
            ]
            let gpc = try await Self.choose(server, analytics: false, headers: [ConsentRoutes.secGPC: "1"])
            cases.append(("a GPC refusal", gpc, [:]))
            let optedIn = try await Self.choose(server, analytics: true)
            cases.append(("an opt-in sent with Sec-GPC", optedIn, [ConsentRoutes.secGPC: "1"]))
            for (name, consent, headers) in cases {
                let (status, code) = try await Self.post(server, consent: consent, headers: headers)
                #expect(status == 403 && code == "no_analytics_consent", "\(name): \(status) \(code ?? "")")
            }
            #expect(try await Self.stored(server).isEmpty)
        }
    }

    @Test func withdrawalStopsCollectionAtOnceAndExpiryEndsIt() async throws {
        try await Self.withServer { server in
            let consent = try await Self.choose(server, analytics: true)
            #expect(try await Self.post(server, consent: consent).0 == 204)
            let id = String(consent.prefix(32))
            try await server.client.execute(uri: "/api/consent/\(id)/withdraw", method: .post) { #expect($0.status == .created) }
            // The beacon replayed with the old cookie: the log says withdrawn.
            #expect(try await Self.post(server, consent: consent).1 == "no_analytics_consent")

            let later = try await Self.choose(server, analytics: true)
            #expect(try await Self.post(server, consent: later).0 == 204)
            server.clock.now.withLock { $0 = $0.addingTimeInterval(13 * 30 * 86_400) }
            #expect(try await Self.post(server, consent: later).1 == "no_analytics_consent", "a consent older than its lifetime")
            #expect(try await Self.stored(server).count == 2)
        }
    }

    /// Another server sharing the log wrote the opt-in: it is read within a catch-up.
    @Test func optInsWrittenByAnotherServerAreFollowed() async throws {
        try await Self.withServer { server in
            let id = ConsentID.generate()
            try await server.store.append(ConsentRecord(
                consentID: id, recordedAt: server.clock.now.withLock { $0 }, event: .first, choices: ["essential": true, "analytics": true],
                registryVersion: ConsentAPITests.registry.version, policyVersion: nil, method: .acceptAll, source: .banner, gpc: false, pagePath: nil))
            let cookie = "\(id).\(ConsentAPITests.registry.version).analytics"
            #expect(try await Self.post(server, consent: cookie).1 == "no_analytics_consent", "not read yet")
            try await server.analytics.consents.catchUp(with: server.store)
            #expect(try await Self.post(server, consent: cookie).0 == 204)
        }
    }

    @Test(arguments: [
        (#"{"type":"pageview","path":"/","ip":"1.2.3.4"}"#, 400, "invalid_request"),
        (#"{"type":"click","path":"/"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"https://evil.example/"}"#, 400, "invalid_request"),
        (#"{"type":"pageview"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/","referrer":"https://news.example.com/a"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/","referrer":"news..example.com"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/","referrer":".example.com"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/","referrer":"example.com."}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/","referrer":"exa mple.com"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/a\\b"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"//evil.example/"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/","bogus":1,"ip":"1.2.3.4"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/","name":"x"}"#, 400, "invalid_request"),
        (#"{"type":"event","path":"/"}"#, 400, "invalid_request"),
        (#"{"type":"event","name":"Choose Plan!","path":"/"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/","device":"fridge"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":"/","language":"en_US;q=1"}"#, 400, "invalid_request"),
        (#"{"type":"pageview","path":7}"#, 400, "invalid_request"),
        (#"["pageview"]"#, 400, "malformed_json"),
        (#"{"type":"pageview","path":"/","language":""# + String(repeating: "x", count: 3000) + #""}"#, 413, "body_too_large"),
    ])
    func badEventsGetA4xxAndStoreNothing(body: String, status: Int, code: String) async throws {
        try await Self.withServer { server in
            let consent = try await Self.choose(server, analytics: true)
            let (answered, error) = try await Self.post(server, consent: consent, body: body)
            #expect(answered == status && error == code)
            #expect(try await Self.stored(server).isEmpty)
        }
    }

    /// The server, not the tag, gives a visitor an id: on its own host (or the cookie domain), so the
    /// cookie reaches it when the site is elsewhere; HttpOnly; for the registry's 13 months.
    @Test func theFirstAcceptedEventGivesTheVisitorAnIdAndLaterOnesKeepIt() async throws {
        try await Self.withServer { server in
            let consent = try await Self.choose(server, analytics: true)
            for sent in [nil, "me", "00112233445566778899AABBCCDDEEFF"] as [String?] {
                let setCookie = try await server.client.execute(
                    uri: "/api/events", method: .post,
                    headers: [.contentType: "application/json", .cookie: "pigment_consent=\(consent)" + (sent.map { "; ps_analytics_id=\($0)" } ?? "")],
                    body: ByteBuffer(string: Self.pageview)) { response in
                    #expect(response.status == .noContent)
                    return response.headers[.setCookie] ?? ""
                }
                #expect(setCookie.range(of: #"^ps_analytics_id=[0-9a-f]{32}; Path=/; Max-Age=33696000; SameSite=Lax; HttpOnly$"#,
                                        options: .regularExpression) != nil, "\(sent ?? "no cookie"): \(setCookie)")
            }
            let known = try await server.client.execute(uri: "/api/events", method: .post,
                                                        headers: [.contentType: "application/json", .cookie: "pigment_consent=\(consent); ps_analytics_id=\(Self.visitor)"],
                                                        body: ByteBuffer(string: Self.pageview)) { $0.headers[.setCookie] }
            #expect(known == nil, "a visitor with an id keeps it")
            let visitors = try await Self.stored(server).map(\.visitor)
            #expect(visitors.count == 4 && Set(visitors).count == 4 && visitors.last == Self.visitor)
            // Refused events set nothing.
            let refused = try await server.client.execute(uri: "/api/events", method: .post, headers: [.contentType: "application/json"],
                                                          body: ByteBuffer(string: Self.pageview)) { ($0.status, $0.headers[.setCookie]) }
            #expect(refused.0 == .forbidden && refused.1 == nil)
        }
    }

    @Test func onlyJSONOrABeaconIsRead() async throws {
        try await Self.withServer { server in
            let consent = try await Self.choose(server, analytics: true)
            #expect(try await Self.post(server, consent: consent, headers: [.contentType: "text/plain"]).0 == 415)
            #expect(try await Self.post(server, consent: consent, headers: [.contentType: "text/plain", .origin: "https://pigmentstudio.com"]).0 == 204,
                    "sendBeacon's text/plain from the site")
            #expect(try await Self.post(server, consent: consent, headers: [.origin: "https://evil.example"]).0 == 403)
            #expect(try await Self.stored(server).count == 1)
        }
    }

    /// Media types are compared without case, parameters or the spaces around them, and only whole.
    @Test(arguments: [
        ("Application/JSON", 204), (" application/json ; charset=utf-8", 204), ("application/json;charset=UTF-8", 204),
        ("\tAPPLICATION/json", 204), ("application/jsonx", 415), ("application/json-patch+json", 415), ("application/", 415),
        ("", 415), (";application/json", 415), ("application/x-www-form-urlencoded", 415),
    ])
    func theMediaTypeIsReadWithoutCaseOrParameters(contentType: String, status: Int) async throws {
        try await Self.withServer { server in
            let consent = try await Self.choose(server, analytics: true)
            #expect(try await Self.post(server, consent: consent, headers: [.contentType: contentType]).0 == status)
            #expect(try await Self.stored(server).count == (status == 204 ? 1 : 0))
        }
    }

    @Test(arguments: [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0", "Edge", "Windows"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari", "iOS"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36", "Chrome", "macOS"),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", "Firefox", "Linux"),
        ("curl/8.5.0", "Other", "Other"),
    ])
    func userAgentsAreReducedToFamilies(agent: String, browser: String, system: String) {
        #expect(UserAgentFamily.browser(agent) == browser)
        #expect(UserAgentFamily.system(agent) == system)
    }

    @Test func deletingMyAnalyticsDataDeletesItAndTheLogSaysSo() async throws {
        try await Self.withServer { server in
            let consent = try await Self.choose(server, analytics: true)
            let other = try await Self.choose(server, analytics: true)
            for _ in 0..<3 { #expect(try await Self.post(server, consent: consent).0 == 204) }
            #expect(try await Self.post(server, consent: other, visitor: "ffeeddccbbaa99887766554433221100").0 == 204)
            let cookie: HTTPFields = [.cookie: "pigment_consent=\(consent)"]
            try await server.client.execute(uri: "/api/events/mine", method: .get, headers: cookie) { response in
                #expect(ConsentAPITests.json(response.body)["events"] as? Int == 3, "waiting events count too")
            }
            try await server.client.execute(uri: "/api/events/mine", method: .delete, headers: cookie) { response in
                #expect(response.status == .ok)
                #expect(ConsentAPITests.json(response.body)["deleted"] as? Int == 3)
            }
            try await server.client.execute(uri: "/api/events/mine", method: .get, headers: cookie) { response in
                #expect(ConsentAPITests.json(response.body)["events"] as? Int == 0)
            }
            #expect(try await Self.stored(server).map(\.visitor) == ["ffeeddccbbaa99887766554433221100"], "another visitor's events stay")
            let history = try await server.store.history(of: String(consent.prefix(32)))
            #expect(history.map(\.event) == [.first, .erasure])
            #expect(history.last?.choices == history.first?.choices, "an erasure changes no choice")
            try await server.client.execute(uri: "/api/events/mine", method: .delete) { response in
                #expect(response.status.code == 400, "without the choice cookie nobody's data is named")
            }
        }
    }

    /// One visitor's events are bounded (here 10 a minute, in bursts of 5; the clock stands still, so
    /// nothing comes back): the one after the burst is refused 429 with Retry-After and not stored,
    /// and another visitor is not held back by it.
    @Test func aVisitorsEventsBeyondTheLimitAreRefusedAndNotStored() async throws {
        try await Self.withServer(eventsPerMinute: 10) { server in
            let consent = try await Self.choose(server, analytics: true)
            for _ in 0..<5 { #expect(try await Self.post(server, consent: consent).0 == 204) }
            let headers: HTTPFields = [.contentType: "application/json", .cookie: "pigment_consent=\(consent); ps_analytics_id=\(Self.visitor)"]
            try await server.client.execute(uri: "/api/events", method: .post, headers: headers, body: ByteBuffer(string: Self.pageview)) { response in
                #expect(response.status.code == 429)
                #expect(response.headers[.retryAfter] == "6")
                #expect(ConsentAPITests.json(response.body)["error"] as? String == "rate_limited")
            }
            let other = try await Self.choose(server, analytics: true)
            #expect(try await Self.post(server, consent: other).0 == 204, "the limit is per visitor")
            #expect(try await Self.stored(server).count == 6)
            #expect(try await Self.post(server, consent: consent).1 == "rate_limited", "still refused while no token came back")
        }
    }

    @Test func eventsOlderThanTheRetentionAreDeleted() async throws {
        try await Self.withServer { server in
            let consent = try await Self.choose(server, analytics: true)
            #expect(try await Self.post(server, consent: consent).0 == 204)
            server.clock.now.withLock { $0 = $0.addingTimeInterval(86_400) }
            _ = try await Self.choose(server, analytics: true)
            let later = try await Self.choose(server, analytics: true)
            #expect(try await Self.post(server, consent: later).0 == 204)
            try await server.events.flush()
            #expect(try await server.events.purge(olderThan: Date(timeIntervalSince1970: 1_780_000_000 + 3600)) == 1)
            #expect(try await Self.stored(server).count == 1)
        }
    }
}
