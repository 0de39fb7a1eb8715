import Foundation
import PigmentModel
import Testing

/// The record's one JSON shape: what the API answers is what a client decodes, and nothing else is read.
@Suite("Consent record JSON")
struct ConsentRecordCodingTests {
    static let record = ConsentRecord(
        consentID: "0123456789abcdef0123456789abcdef", recordedAt: Date(timeIntervalSince1970: 1_780_000_000.25), event: .change,
        choices: ["essential": true, "analytics": false], registryVersion: "934498413c690859",
        policyVersion: "2026-05-04", method: .custom, source: .preferences, gpc: true, pagePath: "/legal/cookies/")

    static func encoded(_ record: ConsentRecord) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    static func decoded(_ json: String) throws -> ConsentRecord {
        try JSONDecoder().decode(ConsentRecord.self, from: Data(json.utf8))
    }

    @Test func theShapeIsTheAPIsAndRoundTrips() throws {
        let json = try Self.encoded(Self.record)
        #expect(json == #"{"choices":{"analytics":false,"essential":true},"consentId":"0123456789abcdef0123456789abcdef","event":"change","#
                + #""gpc":true,"method":"custom","page":"/legal/cookies/","policyVersion":"2026-05-04","recordedAt":"2026-05-28T20:26:40.250Z","#
                + #""registryVersion":"934498413c690859","source":"preferences"}"#)
        #expect(try Self.decoded(json) == Self.record)
    }

    @Test func absentOptionalFieldsAreLeftOutAndReadBackAsAbsent() throws {
        var record = Self.record
        record.policyVersion = nil
        record.pagePath = nil
        let json = try Self.encoded(record)
        #expect(!json.contains("page") && !json.contains("policyVersion"))
        #expect(try Self.decoded(json) == record)
    }

    /// A third-party banner's own revision is its own key, in sorted place; absent, it is left out.
    @Test func theClientRevisionRoundTripsUnderItsOwnKey() throws {
        var record = Self.record
        record.clientRevision = "0"
        let json = try Self.encoded(record)
        #expect(json.hasPrefix(#"{"choices":{"analytics":false,"essential":true},"clientRevision":"0","consentId":"#))
        #expect(json.contains(#""policyVersion":"2026-05-04""#), "the policy version stays the server's")
        #expect(try Self.decoded(json) == record)
        #expect(try !Self.encoded(Self.record).contains("clientRevision"))
        #expect(try Self.decoded(try Self.encoded(Self.record)).clientRevision == nil)
    }

    /// The time is the log's own text whatever the encoder's date strategy: one shape, not one per encoder.
    @Test func theTimeIsTheLogsTextWhateverTheEncodersDateStrategy() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let object = try #require(try JSONSerialization.jsonObject(with: try encoder.encode(Self.record)) as? [String: Any])
        #expect(object["recordedAt"] as? String == "2026-05-28T20:26:40.250Z")
    }

    /// A value the server would not write is an error naming the field, never a default.
    @Test(arguments: [
        (#""recordedAt":"2026-05-28T20:26:40.250Z""#, #""recordedAt":"2026-05-28 20:26""#, "recordedAt"),
        (#""recordedAt":"2026-05-28T20:26:40.250Z""#, #""recordedAt":1780000000"#, "recordedAt"),
        (#""consentId":"0123456789abcdef0123456789abcdef""#, #""consentId":"0123456789ABCDEF0123456789ABCDEF""#, "consentId"),
        (#""method":"custom""#, #""method":"sure""#, "method"),
        (#""gpc":true,"#, #""gpc":"yes","#, "gpc"),
        (#""gpc":true,"#, "", "gpc"),
        (#""analytics":false"#, #""analytics":"no""#, "analytics"),
    ])
    func anUnreadableValueIsAnError(original: String, replacement: String, field: String) throws {
        let json = try Self.encoded(Self.record)
        #expect(json.contains(original))
        let error = try #require(throws: DecodingError.self) { try Self.decoded(json.replacingOccurrences(of: original, with: replacement)) }
        let path: [any CodingKey]
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context): path = context.codingPath
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        @unknown default: path = []
        }
        #expect(path.last?.stringValue == field, "\(error)")
    }
}
