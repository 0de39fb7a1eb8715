import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Testing
@testable import ConsentServer

/// The consent API on a live server (ephemeral loopback port) with a real SQLite file.
@Suite("Consent API")
struct ConsentAPITests {
    static let registry = ConsentSubmissionTests.registry
    static let fixedNow = Date(timeIntervalSince1970: 1_780_000_000)

    /// Runs `body` against a live server; returns the store so tests can look at what was committed.
    static func withServer(secure: Bool = false, rateLimit: Int = 0, registry: ConsentRegistry = registry, benchEmptyRoute: Bool = false,
                           _ body: @Sendable (any TestClientProtocol, SQLiteConsentStore) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("api-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConsentStore(path: path)
        var configuration = ConsentAPIConfiguration(registry: registry, policyVersion: "2026-05-04",
                                                    siteOrigin: "https://pigmentstudio.com", secureCookies: secure)
        configuration.now = { fixedNow }
        let router = Router(context: ConsentRequestContext.self)
        var routes = ConsentRoutes(store: store, configuration: configuration, rateLimiter: RateLimiter(perMinute: rateLimit, burst: max(1, rateLimit)))
        routes.benchEmptyRoute = benchEmptyRoute
        routes.add(to: router)
        AdminRoutes(store: store, configuration: configuration, token: adminToken).add(to: router)
        let app = Application(router: router, server: .http1(timeouts: ConnectionTimeouts()),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(client, store) }
    }

    /// A GET on a connection of its own (the test client has one connection, which a server may close).
    static func statusOnNewConnection(port: Int, path: String) async throws -> Int? {
        let (_, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return (response as? HTTPURLResponse)?.statusCode
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
    }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]
    static let adminToken = "correct-horse-battery-staple-and-more"

    @Test func firstChoiceIsRecordedWithANewIDAndACookie() async throws {
        try await Self.withServer(secure: true) { client, store in
            let body = #"{"choices": {"analytics": false}, "method": "reject_all", "source": "banner", "page": "/pricing/"}"#
            try await client.execute(uri: "/api/consent", method: .post,
                                     headers: [.contentType: "application/json", HTTPField.Name("Sec-GPC")!: "1"],
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                let answer = Self.json(response.body)
                let id = try #require(answer["consentId"] as? String)
                #expect(ConsentID.isValid(id))
                #expect(answer["choices"] as? [String: Bool] == ["essential": true, "analytics": false])
                #expect(answer["recordedAt"] as? String == "2026-05-28T20:26:40.000Z")
                #expect(response.headers[values: .setCookie].first == "pigment_consent=\(id).\(Self.registry.version).; Path=/; Max-Age=15552000; SameSite=Lax; Secure")
                let stored = try await store.history(of: id)
                #expect(stored.count == 1)
                #expect(stored.first?.gpc == true)
                #expect(stored.first?.event == .first)
                #expect(stored.first?.pagePath == "/pricing/")
                #expect(stored.first?.policyVersion == "2026-05-04")
            }
        }
    }

    @Test func aChangeThenAWithdrawalBuildTheReceipt() async throws {
        try await Self.withServer { client, store in
            let id = try await client.execute(uri: "/api/consent", method: .post, headers: Self.jsonHeaders,
                                              body: ByteBuffer(string: #"{"choices": {"analytics": true}, "method": "accept_all"}"#)) { response in
                #expect(response.headers[.setCookie]?.contains("Max-Age=31104000") == true, "a consent is remembered 12 months")
                #expect(response.headers[.setCookie]?.contains(".analytics;") == true)
                return Self.json(response.body)["consentId"] as? String ?? ""
            }
            try await client.execute(uri: "/api/consent/\(id)/withdraw", method: .post) { response in
                #expect(response.status == .created)
                #expect(Self.json(response.body)["event"] as? String == "withdraw")
            }
            try await client.execute(uri: "/api/consent/\(id)", method: .get) { response in
                #expect(response.status == .ok)
                let receipt = Self.json(response.body)
                #expect(receipt["choices"] as? [String: Bool] == ["essential": true, "analytics": false])
                let events = (receipt["history"] as? [[String: Any]])?.compactMap { $0["event"] as? String }
                #expect(events == ["first", "withdraw"])
            }
            #expect(try await store.count() == 2)
        }
    }

    @Test(arguments: [
        ("application/json", #"{"choices": {"ads": true, "analytics": true}}"#, 400, "invalid_request"),
        ("application/json", #"{"choices": {"essential": false, "analytics": true}}"#, 400, "invalid_request"),
        ("application/json", #"{"choices": {"analytics": "yes"}}"#, 400, "invalid_request"),
        ("application/json", #"{"choices": "#, 400, "malformed_json"),
        ("application/json", #"{"choices": {"analytics": true}, "consentId": "xyz"}"#, 400, "invalid_consent_id"),
        ("text/plain", #"{"choices": {"analytics": true}}"#, 415, "unsupported_media_type"),
        ("application/json", #"{"choices": {"analytics": true}, "pad": ""# + String(repeating: "x", count: 9000) + #""}"#, 413, "body_too_large"),
    ])
    func badInputGetsA4xxAndStoresNothing(contentType: String, body: String, status: Int, code: String) async throws {
        try await Self.withServer { client, store in
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: contentType],
                                     body: ByteBuffer(string: body)) { response in
                #expect(response.status.code == status)
                #expect(Self.json(response.body)["error"] as? String == code)
                #expect(Self.json(response.body)["detail"] is String)
            }
            #expect(try await store.count() == 0)
            // The server stays up after bad input (a 413 closes its connection: the body was never read).
            if status == 413 {
                #expect(try await Self.statusOnNewConnection(port: try #require(client.port), path: "/healthz") == 200)
            } else {
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            }
        }
    }

    /// The server's own host (`Host`/`:authority`) is a same-origin request under either scheme, and nothing else is.
    @Test func theServersOwnOriginIsRecognised() {
        #expect(ConsentRoutes.origin("http://127.0.0.1:8081", isSchemeAnd: "127.0.0.1:8081"))
        #expect(ConsentRoutes.origin("https://pigmentstudio.com", isSchemeAnd: "pigmentstudio.com"))
        #expect(!ConsentRoutes.origin("http://127.0.0.1:80810", isSchemeAnd: "127.0.0.1:8081"))
        #expect(!ConsentRoutes.origin("http://127.0.0.1", isSchemeAnd: "127.0.0.1:8081"))
        #expect(!ConsentRoutes.origin("ftp://pigmentstudio.com", isSchemeAnd: "pigmentstudio.com"))
        #expect(!ConsentRoutes.origin("pigmentstudio.com", isSchemeAnd: "pigmentstudio.com"))
        #expect(!ConsentRoutes.origin("https://evil.example/pigmentstudio.com", isSchemeAnd: "pigmentstudio.com"))
    }

    @Test func crossOriginRequestsAreRefused() async throws {
        try await Self.withServer { client, store in
            let body = ByteBuffer(string: #"{"choices": {"analytics": true}}"#)
            try await client.execute(uri: "/api/consent", method: .post,
                                     headers: [.contentType: "application/json", .origin: "https://evil.example"], body: body) { response in
                #expect(response.status == .forbidden)
                #expect(Self.json(response.body)["error"] as? String == "cross_origin")
            }
            try await client.execute(uri: "/api/consent", method: .post,
                                     headers: [.contentType: "application/json", .origin: "https://pigmentstudio.com"], body: body) { response in
                #expect(response.status == .created)
            }
            #expect(try await store.count() == 1)
        }
    }

    @Test func theNoJavaScriptFormRedirectsBack() async throws {
        try await Self.withServer { client, store in
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "analytics=on&return=%2Fcookie-settings%2F")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/cookie-settings/")
                #expect(response.headers[.setCookie]?.hasPrefix("pigment_consent=") == true)
            }
            let records = try await store.records(from: nil, to: nil)
            #expect(records.map(\.method) == [.form])
            #expect(records.first?.choices["analytics"] == true)
        }
    }

    @Test func aRefusalExpiresTheCookiesOfTheRefusedCategories() async throws {
        try await Self.withServer { client, _ in
            let analyticsCookies = Self.registry.category("analytics")!.cookies.map(\.name)
            #expect(analyticsCookies == ["ps_analytics_id"])
            try await client.execute(uri: "/api/consent", method: .post, headers: Self.jsonHeaders,
                                     body: ByteBuffer(string: #"{"choices": {"analytics": false}}"#)) { response in
                let cookies = response.headers[values: .setCookie]
                #expect(cookies.first?.hasPrefix("pigment_consent=") == true)
                #expect(Array(cookies.dropFirst()) == analyticsCookies.map { "\($0)=; Path=/; Max-Age=0; SameSite=Lax" })
            }
            try await client.execute(uri: "/api/consent", method: .post, headers: Self.jsonHeaders,
                                     body: ByteBuffer(string: #"{"choices": {"analytics": true}}"#)) { response in
                #expect(response.headers[values: .setCookie].count == 1, "a consent deletes nothing")
            }
        }
    }

    @Test func theFormWithoutJavaScriptChangesAndWithdrawsUnderTheCookiesID() async throws {
        try await Self.withServer { client, store in
            let id = try await client.execute(uri: "/api/consent", method: .post, headers: Self.jsonHeaders,
                                              body: ByteBuffer(string: #"{"choices": {"analytics": true}}"#)) { response in
                Self.json(response.body)["consentId"] as? String ?? ""
            }
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded",
                                    .cookie: "other=1; pigment_consent=\(id).\(Self.registry.version).analytics"]
            try await client.execute(uri: "/api/consent", method: .post, headers: form,
                                     body: ByteBuffer(string: "action=withdraw&return=%2Fcookie-settings%2F%23consent-saved")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/cookie-settings/#consent-saved")
                #expect(response.headers[values: .setCookie].contains { $0.hasPrefix("ps_analytics_id=;") })
            }
            let history = try await store.history(of: id)
            #expect(history.map(\.event) == [.first, .withdraw])
            #expect(history.last?.choices["analytics"] == false)
            // A cookie naming an id the server never issued starts a new record, not someone else's history.
            let stranger: HTTPFields = [.contentType: "application/x-www-form-urlencoded",
                                        .cookie: "pigment_consent=\(ConsentID.generate()).x.analytics"]
            try await client.execute(uri: "/api/consent", method: .post, headers: stranger, body: ByteBuffer(string: "analytics=on")) { _ in }
            let records = try await store.records(from: nil, to: nil)
            #expect(records.count == 3)
            #expect(records.last?.event == .first)
            #expect(records.last?.consentID != id)
        }
    }

    @Test func aGlobalPrivacyControlSignalSeenByTheBrowserIsRecorded() async throws {
        try await Self.withServer { client, store in
            try await client.execute(uri: "/api/consent", method: .post, headers: Self.jsonHeaders,
                                     body: ByteBuffer(string: #"{"choices": {"analytics": false}, "method": "gpc", "gpc": true}"#)) { response in
                #expect(response.status == .created)
                #expect(Self.json(response.body)["gpc"] as? Bool == true)
            }
            try await client.execute(uri: "/api/consent", method: .post, headers: Self.jsonHeaders,
                                     body: ByteBuffer(string: #"{"choices": {"analytics": false}, "gpc": "yes"}"#)) { response in
                #expect(response.status == .badRequest)
            }
            let records = try await store.records(from: nil, to: nil)
            #expect(records.map(\.method) == [.gpc])
            #expect(records.map(\.gpc) == [true])
        }
    }

    @Test func receiptOfAnUnknownOrMalformedID() async throws {
        try await Self.withServer { client, _ in
            try await client.execute(uri: "/api/consent/\(ConsentID.generate())", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/consent/not-hex", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(Self.json(response.body)["error"] as? String == "invalid_consent_id")
            }
            try await client.execute(uri: "/api/consent/\(ConsentID.generate())/withdraw", method: .post) { #expect($0.status == .notFound) }
        }
    }
}
