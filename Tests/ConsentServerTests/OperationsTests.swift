import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Testing
@testable import ConsentServer

@Suite("Retention and metrics")
struct OperationsTests {
    @Test func retentionKeepsExactlyTheLast24Months() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConsentStore(path: path)
        let now = UTCDay.date("2026-11-25")!
        let old = SQLiteConsentStoreTests.record(at: UTCDay.date("2024-11-24")!)
        let kept = SQLiteConsentStoreTests.record(at: UTCDay.date("2024-11-26")!)
        try await store.append([old, kept])
        #expect(RetentionPolicy().cutoff(now: now) == UTCDay.date("2024-11-25"))
        #expect(try await RetentionPolicy().purge(store, now: now) == 1)
        #expect(try await store.records(from: nil, to: nil) == [kept])
    }

    @Test func metricsCountRequestsRecordsAndErrors() async throws {
        try await ConsentAPITests.withServer { client, _ in
            try await client.execute(uri: "/api/consent", method: .post, headers: ConsentAPITests.jsonHeaders,
                                     body: ByteBuffer(string: #"{"choices": {"analytics": true}}"#)) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/consent", method: .post, headers: ConsentAPITests.jsonHeaders,
                                     body: ByteBuffer(string: "{")) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                #expect(text.contains("# TYPE pigment_http_requests_total counter"))
                #expect(text.contains(#"pigment_http_requests_total{route="/api/consent",status="201"} 1"#))
                #expect(text.contains(#"pigment_http_requests_total{route="/api/consent",status="400"} 1"#))
                #expect(text.contains(#"pigment_consent_records_written_total{event="first"} 1"#))
                #expect(text.contains(#"pigment_consent_errors_total{kind="malformed_json"} 1"#))
            }
        }
    }
}

@Suite("Rate limiting")
struct RateLimitTests {
    @Test func bucketsRefillAtTheConfiguredRate() {
        let limiter = RateLimiter(perMinute: 60, burst: 3)
        #expect((0..<4).map { _ in limiter.allow("a", now: 1000) } == [true, true, true, false])
        #expect(limiter.allow("b", now: 1000), "clients have their own buckets")
        #expect(!limiter.allow("a", now: 1000.5))
        #expect(limiter.allow("a", now: 1001.1), "one request a second comes back")
        #expect(RateLimiter(perMinute: 0).allow("x"), "0 turns limiting off")
    }

    @Test func theTableOfClientsIsBounded() {
        let limiter = RateLimiter(perMinute: 60, burst: 2, maximumClients: 10)
        for client in 0..<1000 { #expect(limiter.allow("c\(client)", now: 5000)) }
    }

    @Test func aClientOverItsLimitGets429AndNothingIsStored() async throws {
        try await ConsentAPITests.withServer(rateLimit: 2) { client, store in
            var statuses: [UInt] = []
            for _ in 0..<3 {
                try await client.execute(uri: "/api/consent", method: .post, headers: ConsentAPITests.jsonHeaders,
                                         body: ByteBuffer(string: #"{"choices": {"analytics": false}}"#)) { response in
                    statuses.append(UInt(response.status.code))
                    if response.status.code == 429 {
                        #expect(ConsentAPITests.json(response.body)["error"] as? String == "rate_limited")
                        #expect(response.headers[.retryAfter] == "60")
                    }
                }
            }
            #expect(statuses == [201, 201, 429])
            #expect(try await store.count() == 2)
        }
    }
}

@Suite("Choice cookie from the registry")
struct ChoiceCookieTests {
    @Test func lifetimesAndNameComeFromTheRegistry() {
        var registry = ConsentSubmissionTests.registry
        registry.choiceCookie.name = "ps_choice"
        registry.choiceCookie.monthsAfterConsent = 3
        registry.choiceCookie.monthsAfterRefusal = 1
        let configuration = ConsentAPIConfiguration(registry: registry, secureCookies: false)
        func record(_ analytics: Bool) -> ConsentRecord {
            ConsentRecord(consentID: String(repeating: "a", count: 32), recordedAt: Date(), event: .first,
                          choices: ["essential": true, "analytics": analytics], registryVersion: "v", policyVersion: nil,
                          method: .custom, source: .banner, gpc: false, pagePath: nil)
        }
        #expect(ConsentCookie.header(for: record(true), configuration: configuration)
                == "ps_choice=\(String(repeating: "a", count: 32)).v.analytics; Path=/; Max-Age=7776000; SameSite=Lax")
        #expect(ConsentCookie.header(for: record(false), configuration: configuration).contains("Max-Age=2592000"))
    }
}
