import Foundation
import PigmentModel
import Testing
@testable import ConsentServer

/// The API writes its JSON by hand; it must read back exactly as written and keep its keys sorted.
@Suite("JSON answers")
struct JSONTextTests {
    @Test func answersReadBackAsWrittenWithSortedKeys() throws {
        let value: [String: Any] = [
            "zeta": 1, "alpha": true, "count": 42, "rate": 0.25, "whole": 2.0, "none": false,
            "text": "quote \" backslash \\ slash / newline \n tab \t bell \u{07} émoji 🎨",
            "nested": ["b": [1, 2, 3], "a": ["x": "y"]] as [String: Any],
            "choices": ["analytics": true, "essential": true] as [String: Bool],
            "list": [["id": "a"], ["id": "b"]] as [[String: String]],
        ]
        let text = JSONText.encode(value)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["zeta"] as? Int == 1)
        #expect(parsed["alpha"] as? Bool == true)
        #expect(parsed["none"] as? Bool == false)
        #expect(parsed["count"] as? Int == 42)
        #expect(parsed["rate"] as? Double == 0.25)
        #expect(parsed["whole"] as? Int == 2)
        #expect(parsed["text"] as? String == value["text"] as? String)
        #expect((parsed["nested"] as? [String: Any])?["b"] as? [Int] == [1, 2, 3])
        #expect((parsed["choices"] as? [String: Bool]) == ["analytics": true, "essential": true])
        #expect((parsed["list"] as? [[String: String]])?.map { $0["id"] } == ["a", "b"])
        #expect(text.hasPrefix(#"{"alpha":true,"choices":{"analytics":true,"essential":true},"count":42,"#))
        #expect(text.contains(#"slash / newline \n"#), "slashes stay as they are; control characters are escaped")
        #expect(text.contains(#"\u0007"#))
    }

    @Test func recordAnswersAreWrittenAsTheGenericEncoderWroteThem() {
        let base = ConsentRecord(consentID: ConsentID.generate(), recordedAt: Date(timeIntervalSince1970: 1_780_000_000.5), event: .first,
                                 choices: ["essential": true, "analytics": false, "ads": true], registryVersion: "934498413c690859",
                                 policyVersion: "2026-05-04", method: .acceptAll, source: .banner, gpc: false, pagePath: "/pricing/")
        var variants = [base]
        for event in ConsentRecord.Event.allCases { var r = base; r.event = event; variants.append(r) }
        for method in ConsentRecord.Method.allCases { var r = base; r.method = method; r.gpc = true; variants.append(r) }
        for source in ConsentRecord.Source.allCases { var r = base; r.source = source; r.pagePath = nil; variants.append(r) }
        var odd = base; odd.policyVersion = nil; odd.pagePath = "/a\"b\\c\u{01}é/"; odd.choices = [:]; variants.append(odd)
        for record in variants {
            #expect(RecordJSON.encode(record) == JSONText.encode(JSONResponse.recordObject(record)))
        }
    }

    @Test func flagsAreWrittenAsJSONEncoderSortedThem() throws {
        let flags = ["essential": true, "analytics": false, "ads": true, "a/b": false]
        #expect(JSONText.encode(flags) == JSONText.encode(flags as [String: Any]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(JSONText.encode(flags) == String(decoding: try encoder.encode(flags), as: UTF8.self))
    }
}

@Suite("JSON answers: key order")
struct JSONKeyOrderTests {
    /// Found by fuzzing: written back, this object's keys came out in another order on the second pass.
    @Test func keysSortTheSameWhateverTheirNormalizationOrArrivalOrder() throws {
        let keys = ["caf\u{e9}]", "cafe\u{301}", "日本", "a", "Z"]
        var outputs = Set<String>()
        for _ in 0..<50 {
            var object: [String: Any] = [:]
            for key in keys.shuffled() { object[key] = 2 }
            outputs.insert(JSONText.encode(object))
        }
        #expect(outputs.count == 1)
        #expect(outputs.first == "{\"Z\":2,\"a\":2,\"cafe\u{301}\":2,\"caf\u{e9}]\":2,\"日本\":2}")
        #expect(JSONText.encode(["analytics": true, "essential": true, "ads": false]) == #"{"ads":false,"analytics":true,"essential":true}"#)
    }
}
