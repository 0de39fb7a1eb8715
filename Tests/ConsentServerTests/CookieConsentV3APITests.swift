import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Testing
@testable import ConsentServer

/// What sites using vanilla-cookieconsent v3 post, through the live API: each documented shape is
/// recorded with its choices, method, client revision, the server's policy version and the page.
@Suite("Consent API: vanilla-cookieconsent v3")
struct CookieConsentV3APITests {
    static let registry = CookieConsentV3PayloadTests.registry
    /// A version-4 UUID as vanilla-cookieconsent makes them, and the id the log keeps for it.
    static let uuid = "8c1f6a2e-5b3d-4e7f-9a0b-1c2d3e4f5a6b"
    static let id = "8c1f6a2e5b3d4e7f9a0b1c2d3e4f5a6b"

    static func post(_ client: any TestClientProtocol, _ body: String) async throws -> (status: Int, answer: [String: Any]) {
        try await client.execute(uri: "/api/consent", method: .post, headers: ConsentAPITests.jsonHeaders, body: ByteBuffer(string: body)) {
            ($0.status.code, ConsentAPITests.json($0.body))
        }
    }

    @Test func theLoggingRecipesPayloadIsRecorded() async throws {
        try await ConsentAPITests.withServer(registry: Self.registry) { client, store in
            let (status, answer) = try await Self.post(client, #"""
                {"consentId": "\#(Self.uuid)", "acceptType": "custom", "acceptedCategories": ["necessary", "analytics"],
                 "rejectedCategories": ["marketing"]}
                """#)
            #expect(status == 201)
            #expect(answer["consentId"] as? String == Self.id)
            #expect(answer["clientRevision"] == nil)
            let record = try #require(try await store.history(of: Self.id).last)
            #expect(record.choices == ["essential": true, "analytics": true, "marketing": false])
            #expect(record.method == .custom && record.source == .banner && record.event == .first)
            #expect(record.policyVersion == "2026-05-04", "from the server's configuration")
            #expect(record.clientRevision == nil && record.pagePath == nil)
        }
    }

    @Test func theWholeCookieIsRecordedWithItsRevisionApart() async throws {
        try await ConsentAPITests.withServer(registry: Self.registry) { client, store in
            let (status, answer) = try await Self.post(client, #"""
                {"categories": ["necessary", "analytics", "marketing"], "revision": 0, "data": null,
                 "consentTimestamp": "2026-05-04T10:00:00.000Z", "consentId": "\#(Self.uuid)",
                 "services": {"necessary": [], "analytics": [], "marketing": []}, "languageCode": "en",
                 "lastConsentTimestamp": "2026-05-04T10:00:00.000Z", "expirationTime": 1809424800000}
                """#)
            #expect(status == 201)
            #expect(answer["clientRevision"] as? String == "0")
            #expect(answer["policyVersion"] as? String == "2026-05-04", "never the client's revision")
            let record = try #require(try await store.history(of: Self.id).last)
            #expect(record.method == .acceptAll && record.clientRevision == "0" && record.policyVersion == "2026-05-04")
            #expect(record.recordedAt == ConsentAPITests.fixedNow, "the server's clock, not the cookie's timestamps")
            try await client.execute(uri: "/api/consent/\(Self.id)", method: .get) { response in
                #expect(ConsentAPITests.json(response.body)["clientRevision"] as? String == "0", "the receipt shows it")
            }
        }
    }

    @Test func theShortShapeIsRecorded() async throws {
        try await ConsentAPITests.withServer(registry: Self.registry) { client, store in
            #expect(try await Self.post(client, #"{"consentId": "\#(Self.uuid)", "categories": ["necessary"]}"#).status == 201)
            #expect(try await Self.post(client, #"{"consentId": "\#(Self.uuid)", "acceptedCategories": ["necessary", "marketing"]}"#).status == 201)
            let history = try await store.history(of: Self.id)
            #expect(history.map(\.event) == [.first, .change])
            #expect(history.map(\.method) == [.rejectAll, .custom])
            #expect(history.last?.choices == ["essential": true, "analytics": false, "marketing": true])
        }
    }

    @Test func theMergedObjectsAreRecordedWithTheirPage() async throws {
        try await ConsentAPITests.withServer(registry: Self.registry) { client, store in
            let (status, _) = try await Self.post(client, #"""
                {"categories": ["necessary", "analytics"], "revision": 3, "data": {"ab": "b"}, "consentTimestamp": "2026-05-04T10:00:00.000Z",
                 "consentId": "\#(Self.uuid)", "services": {"analytics": ["plausible"]}, "languageCode": "en",
                 "lastConsentTimestamp": "2026-05-05T10:00:00.000Z", "expirationTime": 1809424800000,
                 "acceptType": "custom", "acceptedCategories": ["necessary", "analytics"], "rejectedCategories": ["marketing"],
                 "acceptedServices": {"analytics": ["plausible"]}, "rejectedServices": {"marketing": []},
                 "url": "https://pigmentstudio.com/pricing/?plan=pro#faq"}
                """#)
            #expect(status == 201)
            let record = try #require(try await store.history(of: Self.id).last)
            #expect(record.choices == ["essential": true, "analytics": true, "marketing": false])
            #expect(record.method == .custom && record.source == .banner)
            #expect(record.clientRevision == "3" && record.policyVersion == "2026-05-04")
            #expect(record.pagePath == "/pricing/")
        }
    }

    @Test(arguments: [
        (#"{"acceptType": "all", "acceptedCategories": ["necessary", "analytics"], "rejectedCategories": ["marketing"]}"#, "'marketing' is not accepted"),
        (#"{"acceptedCategories": ["necessary", "analytics"], "rejectedCategories": ["analytics", "marketing"]}"#, "both accepted and rejected"),
        (#"{"consentId": "8c1f6a2e-5b3d-4e7f-9a0b-1c2d3e4f5a6b", "acceptType": "custom", "acceptedCategories": [], "rejectedCategories": [], "gpc": true}"#,
         "unknown field 'gpc'"),
        (#"{"acceptedCategories": {"analytics": true}}"#, "must be a list of category names"),
        (#"{"acceptedCategories": [], "expirationTime": "2027"}"#, "'expirationTime'"),
        (#"{"acceptedCategories": [], "rejectedCategories": [\#(Array(repeating: #""marketing""#, count: 40).joined(separator: ","))]}"#,
         "at most 32 categories"),
        (#"{"acceptedCategories": [], "url": "https://evil.example/"}"#, "a page of this site"),
    ])
    func refusalsStoreNothing(body: String, detail: String) async throws {
        try await ConsentAPITests.withServer(registry: Self.registry) { client, store in
            let (status, answer) = try await Self.post(client, body)
            #expect(status == 400)
            #expect(answer["error"] as? String == "invalid_request")
            #expect((answer["detail"] as? String)?.contains(detail) == true, "\(answer)")
            #expect(try await store.count() == 0)
        }
    }
}
