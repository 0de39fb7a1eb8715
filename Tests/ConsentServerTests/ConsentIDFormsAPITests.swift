import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Testing
@testable import ConsentServer

/// A consent id the server issued, written as a UUID in upper case (as vanilla-cookieconsent and
/// some scripts write ids), names the same log on every endpoint that takes an id.
@Suite("Consent API: ids in UUID form")
struct ConsentIDFormsAPITests {
    /// `3f2504e04f8941d39a0c0305e82c3301` → `3F2504E0-4F89-41D3-9A0C-0305E82C3301`.
    static func uuidForm(_ id: String) -> String {
        let digits = Array(id.uppercased())
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }.joined(separator: "-")
    }

    @Test func theUUIDFormConvertsBack() {
        #expect(Self.uuidForm("3f2504e04f8941d39a0c0305e82c3301") == "3F2504E0-4F89-41D3-9A0C-0305E82C3301")
        #expect(ConsentID.normalized(Self.uuidForm("3f2504e04f8941d39a0c0305e82c3301")) == "3f2504e04f8941d39a0c0305e82c3301")
    }

    @Test func everyEndpointTakesTheUUIDForm() async throws {
        try await ConsentAPITests.withServer { client, store in
            let id = try await client.execute(uri: "/api/consent", method: .post, headers: ConsentAPITests.jsonHeaders,
                                              body: ByteBuffer(string: #"{"choices": {"analytics": true}}"#)) { response in
                ConsentAPITests.json(response.body)["consentId"] as? String ?? ""
            }
            let uuid = Self.uuidForm(id)
            #expect(uuid.count == 36 && uuid != id)

            try await client.execute(uri: "/api/consent/\(uuid)", method: .get) { response in
                #expect(response.status == .ok, "GET /api/consent/{id}")
                #expect(ConsentAPITests.json(response.body)["consentId"] as? String == id)
            }
            try await client.execute(uri: "/api/consent/\(uuid.lowercased())", method: .get) { #expect($0.status == .ok, "lower case too") }

            let changes: [(String, HTTPFields, String)] = [
                ("our JSON's consentId", ConsentAPITests.jsonHeaders, #"{"choices": {"analytics": false}, "consentId": "\#(uuid)"}"#),
                ("vanilla-cookieconsent's consentId", ConsentAPITests.jsonHeaders, #"{"consentId": "\#(uuid)", "categories": ["necessary", "analytics"]}"#),
                ("the form's consentId", [.contentType: "application/x-www-form-urlencoded"], "analytics=on&consentId=\(uuid)"),
                ("the choice cookie's id", [.contentType: "application/x-www-form-urlencoded",
                                            .cookie: "pigment_consent=\(uuid).\(ConsentAPITests.registry.version).analytics"], "action=reject_all"),
            ]
            for (name, headers, body) in changes {
                try await client.execute(uri: "/api/consent", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .created || response.status == .seeOther, "\(name)")
                }
                let last = try await store.records(from: nil, to: nil).last
                #expect(last?.consentID == id && last?.event == .change, "\(name) names the same log")
            }

            try await client.execute(uri: "/api/consent/\(uuid)/withdraw", method: .post) { response in
                #expect(response.status == .created, "POST /api/consent/{id}/withdraw")
                #expect(ConsentAPITests.json(response.body)["consentId"] as? String == id)
            }
            let history = try await store.history(of: id)
            #expect(history.map(\.event) == [.first, .change, .change, .change, .change, .withdraw])
            #expect(try await store.count() == 6, "no second log was opened")
        }
    }
}
