import Foundation
import PigmentModel
import Testing
@testable import ConsentServer

/// The API writes its JSON by hand; it must read back exactly as written, keep its keys sorted, and
/// write the bytes Foundation's own encoder writes.
@Suite("JSON answers")
struct JSONTextTests {
    /// Foundation's encoder set up as `JSONText` claims to write: compact, sorted keys, slashes as they are.
    static func foundationText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let record = ConsentRecord(
        consentID: "0123456789abcdef0123456789abcdef", recordedAt: Date(timeIntervalSince1970: 1_780_000_000.5), event: .first,
        choices: ["essential": true, "analytics": false, "ads": true], registryVersion: "934498413c690859",
        policyVersion: "2026-05-04", method: .acceptAll, source: .banner, gpc: false, pagePath: "/pricing/")

    @Test func answersReadBackAsWrittenWithSortedKeys() throws {
        let value = JSONValue.object([
            "zeta": .number(1), "alpha": .bool(true), "count": .number(42), "rate": .number(0.25), "whole": .number(2), "none": .null,
            "text": .string("quote \" backslash \\ slash / newline \n tab \t bell \u{07} émoji 🎨"),
            "nested": .object(["b": .array([.number(1), .number(2), .number(3)]), "a": .object(["x": .string("y")])]),
            "choices": .object(["analytics": .bool(true), "essential": .bool(true)]),
            "list": .array([.object(["id": .string("a")]), .object(["id": .string("b")])]),
        ])
        let text = JSONText.encode(value)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["zeta"] as? Int == 1)
        #expect(parsed["alpha"] as? Bool == true)
        #expect(parsed["none"] is NSNull)
        #expect(parsed["count"] as? Int == 42)
        #expect(parsed["rate"] as? Double == 0.25)
        #expect(parsed["whole"] as? Int == 2)
        #expect(parsed["text"] as? String == "quote \" backslash \\ slash / newline \n tab \t bell \u{07} émoji 🎨")
        #expect((parsed["nested"] as? [String: Any])?["b"] as? [Int] == [1, 2, 3])
        #expect((parsed["choices"] as? [String: Bool]) == ["analytics": true, "essential": true])
        #expect((parsed["list"] as? [[String: String]])?.map { $0["id"] } == ["a", "b"])
        #expect(text.hasPrefix(#"{"alpha":true,"choices":{"analytics":true,"essential":true},"count":42,"#))
        #expect(text.contains(#"slash / newline \n"#), "slashes stay as they are; control characters are escaped")
        #expect(text.contains(#"\u0007"#))
        #expect(try JSONValue.parse(Array(text.utf8)) == value)
    }

    /// Every kind of answer, byte for byte as `JSONEncoder` writes it.
    @Test func answersAreWrittenAsFoundationsEncoderWritesThem() throws {
        var records = [Self.record]
        for event in ConsentRecord.Event.allCases { var r = Self.record; r.event = event; records.append(r) }
        for method in ConsentRecord.Method.allCases { var r = Self.record; r.method = method; r.gpc = true; records.append(r) }
        for source in ConsentRecord.Source.allCases { var r = Self.record; r.source = source; r.pagePath = nil; records.append(r) }
        var odd = Self.record; odd.policyVersion = nil; odd.pagePath = "/a\"b\\c\u{01}\u{08}\u{0C}\u{1F}é\u{2028}/"; odd.choices = [:]; records.append(odd)
        for record in records {
            #expect(JSONText.encode(record) == (try Self.foundationText(record)))
            #expect(JSONText.encode(record.choices) == (try Self.foundationText(record.choices)))
        }
        let receipt = ConsentReceipt(current: records[1], history: Array(records.prefix(3)))
        #expect(JSONText.encode(receipt) == (try Self.foundationText(receipt)))
        var stats = ConsentStats(categories: ["analytics", "ads"])
        for record in records { stats.add(record) }
        stats.unreadable = 2
        #expect(JSONText.encode(stats) == (try Self.foundationText(stats)))
        let head = LogHead(entries: 3, position: 12, hash: ChainHash.genesis)
        #expect(JSONText.encode(head) == (try Self.foundationText(head)))
        let error = SubmissionError.invalid("unknown field 'x\u{08}'")
        #expect(JSONText.encode(error) == (try Self.foundationText(error)))
        let numbers: [Double] = [0, -0.0, 1, 0.5, 1.0 / 3, 2e15, 1e16, 1e-7, 123.456]
        #expect(JSONText.encode(numbers) == (try Self.foundationText(numbers)))
        let scalars = Scalars()
        #expect(JSONText.encode(scalars) == (try Self.foundationText(scalars)))
        #expect(JSONText.encode([scalars]) == (try Self.foundationText([scalars])))
    }

    /// Every standard scalar type, each of which encodes itself through a single-value container.
    struct Scalars: Encodable {
        var int8 = Int8.min, int16 = Int16.max, int32 = Int32(-5), int64 = Int64.max, int = -1
        var uint = UInt.max, uint8 = UInt8(200), uint16 = UInt16(7), uint32 = UInt32.max, uint64 = UInt64(9)
        var float = Float(0.1), double = 0.1, flag = true, text = "t", none: Int? = nil
    }

    /// The shapes clients read: a record keeps its own keys, a receipt adds its history beside them.
    @Test func recordsAndReceiptsKeepTheirShape() {
        #expect(JSONText.encode(Self.record) == #"{"choices":{"ads":true,"analytics":false,"essential":true},"consentId":"0123456789abcdef0123456789abcdef","#
                + #""event":"first","gpc":false,"method":"accept_all","page":"/pricing/","policyVersion":"2026-05-04","#
                + #""recordedAt":"2026-05-28T20:26:40.500Z","registryVersion":"934498413c690859","source":"banner"}"#)
        let receipt = JSONText.encode(ConsentReceipt(current: Self.record, history: [Self.record]))
        #expect(receipt.hasPrefix(#"{"choices":{"ads":true,"#))
        #expect(receipt.contains(#","gpc":false,"history":[{"choices":"#))
        #expect(JSONText.encode(SubmissionError.invalid("no")) == #"{"detail":"no","error":"invalid_request"}"#)
        #expect(JSONText.encode(LogHead(entries: 2, position: 7, hash: "ab")) == #"{"entries":2,"hash":"ab","position":7}"#)
    }

    /// The checkpoint column is hashed: its text must stay what the chain was built on.
    @Test func checkpointsAreWrittenAsTheChainHashedThem() {
        let checkpoint = Checkpoint(purgedCount: 12, purgedBefore: Date(timeIntervalSince1970: 1_780_000_000), purgedThrough: ChainHash.genesis)
        #expect(JSONText.encode(checkpoint) == #"{"purgedBefore":"2026-05-28T20:26:40.000Z","purgedCount":12,"purgedThrough":"\#(ChainHash.genesis)"}"#)
        #expect(Checkpoint(json: JSONText.encode(checkpoint)) == checkpoint)
    }
}

@Suite("JSON answers: key order")
struct JSONKeyOrderTests {
    /// Found by fuzzing: written back, this object's keys came out in another order on the second pass.
    @Test func keysSortTheSameWhateverTheirNormalizationOrArrivalOrder() throws {
        let keys = ["caf\u{e9}]", "cafe\u{301}", "日本", "a", "Z"]
        var outputs = Set<String>()
        for _ in 0..<50 {
            var members: [String: JSONValue] = [:]
            for key in keys.shuffled() { members[key] = .number(2) }
            outputs.insert(JSONText.encode(JSONValue.object(members)))
        }
        #expect(outputs.count == 1)
        #expect(outputs.first == "{\"Z\":2,\"a\":2,\"cafe\u{301}\":2,\"caf\u{e9}]\":2,\"日本\":2}")
        #expect(JSONText.encode(["analytics": true, "essential": true, "ads": false]) == #"{"ads":false,"analytics":true,"essential":true}"#)
    }
}
