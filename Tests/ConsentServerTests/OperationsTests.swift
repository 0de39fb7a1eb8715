import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ConsentServer

@Suite("Retention and metrics")
struct OperationsTests {
    @Test func retentionKeepsExactlyTheLast24Months() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try SQLiteConsentStore(path: path)
        let now = SiteDateParser.day("2026-11-25")!
        let old = SQLiteConsentStoreTests.record(at: SiteDateParser.day("2024-11-24")!)
        let kept = SQLiteConsentStoreTests.record(at: SiteDateParser.day("2024-11-26")!)
        try await store.append([old, kept])
        #expect(RetentionPolicy().cutoff(now: now) == SiteDateParser.day("2024-11-25"))
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
