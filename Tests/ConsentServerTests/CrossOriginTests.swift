import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Testing
@testable import ConsentServer

/// The API on its own origin (https://consent.example.com) called by pages of a site on another
/// (https://www.example.com, `--allowed-origin`): CORS preflights, CORS headers on every answer,
/// the no-JavaScript form sent back to its page, and the cookie's `Domain`.
@Suite("Consent API across origins")
struct CrossOriginTests {
    static let site = "https://www.example.com"
    static let stranger = "https://evil.example"

    static func withServer(allowedOrigins: [String] = [site], cookieDomain: String? = nil,
                           _ body: @Sendable (any TestClientProtocol, SQLiteConsentStore) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cors-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConsentStore(path: path)
        let configuration = ConsentAPIConfiguration(registry: ConsentAPITests.registry, allowedOrigins: allowedOrigins, cookieDomain: cookieDomain)
        let router = Router(context: ConsentRequestContext.self)
        ConsentRoutes(store: store, configuration: configuration, rateLimiter: RateLimiter(perMinute: 0)).add(to: router)
        let app = Application(router: router, server: .http1(timeouts: ConnectionTimeouts()),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in try await body(client, store) }
    }

    static func preflight(_ client: any TestClientProtocol, _ uri: String, from origin: String,
                          _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        try await client.execute(uri: uri, method: .options, headers: [
            .origin: origin, .accessControlRequestMethod: "POST", .accessControlRequestHeaders: "content-type",
        ]) { try check($0) }
    }

    /// What every answer to the allowed origin carries, so its page can read it (errors included).
    static func expectReadable(_ response: TestResponse, by origin: String = site, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(response.headers[.accessControlAllowOrigin] == origin, sourceLocation: sourceLocation)
        #expect(response.headers[.accessControlAllowCredentials] == "true", sourceLocation: sourceLocation)
        #expect(response.headers[values: .vary] == ["Origin"], sourceLocation: sourceLocation)
    }

    static func firstChoice(_ client: any TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "application/json", .origin: site],
                                 body: ByteBuffer(string: #"{"choices": {"analytics": true}}"#)) { response in
            #expect(response.status == .created)
            return ConsentAPITests.json(response.body)["consentId"] as? String ?? ""
        }
    }

    @Test(arguments: ["/api/consent", "/api/consent/0123456789abcdef0123456789abcdef",
                      "/api/consent/0123456789abcdef0123456789abcdef/withdraw", "/api/events"])
    func aPreflightFromTheAllowedOriginIsAnswered(uri: String) async throws {
        try await Self.withServer { client, _ in
            try await Self.preflight(client, uri, from: Self.site) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == Self.site)
                #expect(response.headers[.accessControlAllowMethods] == "GET, POST, DELETE, OPTIONS")
                #expect(response.headers[.accessControlAllowHeaders] == "Content-Type")
                #expect(response.headers[.accessControlAllowCredentials] == "true")
                #expect(response.headers[.accessControlMaxAge] == "600")
                #expect(response.headers[values: .vary] == ["Origin"])
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test(arguments: [stranger, "null", "https://www.example.com:8443", "http://www.example.com", "https://www.example.com.evil.example"])
    func aPreflightFromAnyOtherOriginIsRefused(origin: String) async throws {
        try await Self.withServer { client, store in
            try await Self.preflight(client, "/api/consent", from: origin) { response in
                #expect(response.status == .forbidden)
                #expect(ConsentAPITests.json(response.body)["error"] as? String == "cross_origin")
                #expect(response.headers[.accessControlAllowOrigin] == nil)
                #expect(response.headers[.accessControlAllowCredentials] == nil)
            }
            #expect(try await store.count() == 0)
        }
    }

    @Test func aPreflightIsRefusedWhenNoOriginIsAllowed() async throws {
        try await Self.withServer(allowedOrigins: []) { client, _ in
            try await Self.preflight(client, "/api/consent", from: Self.site) { #expect($0.status == .forbidden) }
        }
    }

    @Test func choiceReceiptAndWithdrawalAreReadableByTheAllowedOrigin() async throws {
        try await Self.withServer { client, store in
            let id = try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "application/json", .origin: Self.site],
                                              body: ByteBuffer(string: #"{"choices": {"analytics": true}}"#)) { response in
                #expect(response.status == .created)
                Self.expectReadable(response)
                return ConsentAPITests.json(response.body)["consentId"] as? String ?? ""
            }
            try await client.execute(uri: "/api/consent/\(id)", method: .get, headers: [.origin: Self.site]) { response in
                #expect(response.status == .ok)
                Self.expectReadable(response)
            }
            try await client.execute(uri: "/api/consent/\(id)/withdraw", method: .post, headers: [.origin: Self.site]) { response in
                #expect(response.status == .created)
                Self.expectReadable(response)
            }
            #expect(try await store.history(of: id).map(\.event) == [.first, .withdraw])
        }
    }

    @Test func errorAnswersAreReadableByTheAllowedOriginToo() async throws {
        try await Self.withServer { client, store in
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "application/json", .origin: Self.site],
                                     body: ByteBuffer(string: #"{"choices": {"ads": true}}"#)) { response in
                #expect(response.status == .badRequest)
                #expect(ConsentAPITests.json(response.body)["error"] as? String == "invalid_request")
                Self.expectReadable(response)
            }
            try await client.execute(uri: "/api/consent/\(ConsentID.generate())", method: .get, headers: [.origin: Self.site]) { response in
                #expect(response.status == .notFound)
                Self.expectReadable(response)
            }
            try await client.execute(uri: "/api/consent/not-hex/withdraw", method: .post, headers: [.origin: Self.site]) { response in
                #expect(response.status == .badRequest)
                Self.expectReadable(response)
            }
            // A path the API does not have: the router's 404, still readable.
            try await client.execute(uri: "/api/nothing-here", method: .get, headers: [.origin: Self.site]) { response in
                #expect(response.status == .notFound)
                Self.expectReadable(response)
            }
            #expect(try await store.count() == 0)
        }
    }

    @Test func otherOriginsAreRefusedAndGetNoCORSHeaders() async throws {
        try await Self.withServer { client, store in
            let id = try await Self.firstChoice(client)
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "application/json", .origin: Self.stranger],
                                     body: ByteBuffer(string: #"{"choices": {"analytics": false}}"#)) { response in
                #expect(response.status == .forbidden)
                #expect(ConsentAPITests.json(response.body)["error"] as? String == "cross_origin")
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            try await client.execute(uri: "/api/consent/\(id)/withdraw", method: .post, headers: [.origin: Self.stranger]) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            // A receipt is answered (its id is the secret), but without CORS headers the browser does not let that page read it.
            try await client.execute(uri: "/api/consent/\(id)", method: .get, headers: [.origin: Self.stranger]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
                #expect(response.headers[.accessControlAllowCredentials] == nil)
                #expect(response.headers[values: .vary] == ["Origin"])
            }
            #expect(try await store.history(of: id).map(\.event) == [.first])
        }
    }

    @Test func theFormFromTheAllowedOriginGoesBackToThatOrigin() async throws {
        try await Self.withServer(allowedOrigins: [Self.site, "http://127.0.0.1:4000"]) { client, store in
            for origin in [Self.site, "http://127.0.0.1:4000"] {
                try await client.execute(uri: "/api/consent", method: .post,
                                         headers: [.contentType: "application/x-www-form-urlencoded", .origin: origin],
                                         body: ByteBuffer(string: "analytics=on&return=%2Fcookie-settings%2F")) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "\(origin)/cookie-settings/")
                    Self.expectReadable(response, by: origin)
                }
            }
            // Any other origin is refused, so the redirect never leads anywhere else; without `Origin` it stays relative.
            try await client.execute(uri: "/api/consent", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded", .origin: Self.stranger],
                                     body: ByteBuffer(string: "analytics=on&return=%2Fcookie-settings%2F")) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.location] == nil)
            }
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "analytics=on&return=%2Fcookie-settings%2F")) { response in
                #expect(response.headers[.location] == "/cookie-settings/")
            }
            #expect(try await store.count() == 3)
        }
    }

    @Test func theServersOwnOriginStillPostsWithoutBeingListed() async throws {
        try await Self.withServer(allowedOrigins: []) { client, store in
            // The live test client sends its requests to `localhost`.
            try await client.execute(uri: "/api/consent", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"],
                                     body: ByteBuffer(string: "analytics=on&return=%2Fcookie-settings%2F")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/cookie-settings/")
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            #expect(try await store.count() == 1)
        }
    }

    @Test func theCookieIsHostOnlyByDefault() async throws {
        try await Self.withServer { client, _ in
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "application/json", .origin: Self.site],
                                     body: ByteBuffer(string: #"{"choices": {"analytics": false}}"#)) { response in
                let cookies = response.headers[values: .setCookie]
                #expect(cookies.count == 2)
                #expect(!cookies.contains { $0.contains("Domain=") })
            }
        }
    }

    @Test func theCookieDomainIsSetOnTheChoiceAndTheExpiredCookies() async throws {
        try await Self.withServer(cookieDomain: "example.com") { client, _ in
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "application/json", .origin: Self.site],
                                     body: ByteBuffer(string: #"{"choices": {"analytics": false}}"#)) { response in
                let cookies = response.headers[values: .setCookie]
                let id = ConsentAPITests.json(response.body)["consentId"] as? String ?? ""
                #expect(cookies == [
                    "pigment_consent=\(id).\(ConsentAPITests.registry.version).; Domain=example.com; Path=/; Max-Age=15552000; SameSite=Lax",
                    "ps_analytics_id=; Domain=example.com; Path=/; Max-Age=0; SameSite=Lax",
                ])
            }
        }
    }
}

@Suite("Cookie domain")
struct CookieDomainTests {
    @Test func aHostNameIsTakenLowercasedAndWithoutALeadingDot() throws {
        #expect(try CookieDomain.parse("Example.COM") == "example.com")
        #expect(try CookieDomain.parse(".example.com") == "example.com")
        #expect(try CookieDomain.parse("consent-api.example.co.uk") == "consent-api.example.co.uk")
    }

    @Test(arguments: [
        ("https://example.com", "it has a scheme"),
        ("example.com/", "it has a path"),
        ("example.com:443", "it has a port (cookies are shared across ports anyway)"),
        ("", "a host name has 1 to 253 characters"),
        ("example..com", "each dot-separated part has 1 to 63 characters"),
        ("exa_mple.com", "'exa_mple' is not a host name label (letters, digits and inner hyphens)"),
        ("example-.com", "'example-' is not a host name label (letters, digits and inner hyphens)"),
    ])
    func anythingElseIsRefusedSayingWhy(text: String, reason: String) {
        #expect(throws: CookieDomain.Invalid(value: text, reason: reason)) { try CookieDomain.parse(text) }
    }

    /// What `navigator.sendBeacon` sends: JSON as text/plain, with the page's Origin. Read as JSON from
    /// an allowed page; refused from any other (a form on that site can post text/plain too).
    @Test func aBeaconFromTheAllowedOriginIsRecordedAndFromAnyOtherRefused() async throws {
        try await CrossOriginTests.withServer { client, store in
            let beacon = ByteBuffer(string: #"{"consentId": "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "acceptType": "all", "acceptedCategories": ["necessary", "analytics"], "rejectedCategories": []}"#)
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "text/plain;charset=UTF-8", .origin: CrossOriginTests.site],
                                     body: beacon) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "text/plain;charset=UTF-8", .origin: CrossOriginTests.stranger],
                                     body: beacon) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "text/plain"], body: beacon) { response in
                #expect(response.status.code == 415, "without an Origin, text/plain is not a browser's beacon")
            }
            #expect(try await store.count() == 1)
        }
    }
}
