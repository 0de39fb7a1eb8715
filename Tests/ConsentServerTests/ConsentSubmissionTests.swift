import Foundation
import PigmentModel
import Testing
@testable import ConsentServer

@Suite("Consent submissions")
struct ConsentSubmissionTests {
    static let registry = ConsentRegistry(categories: [
        .init(id: "essential", title: "Essential", description: "Always on.", required: true, cookies: []),
        .init(id: "analytics", title: "Analytics", description: "Opt-in.", required: false,
              cookies: [.init(name: "ps_analytics_id", provider: "Pigment Studio", purpose: "Counts visits.", lifetime: "13 months")]),
    ])
    let parser = ConsentSubmissionParser(registry: Self.registry)

    func json(_ text: String) throws(SubmissionError) -> ConsentSubmission { try parser.parseJSON(Data(text.utf8)) }

    func rejection(_ text: String) -> SubmissionError? {
        do { _ = try json(text); return nil } catch { return error }
    }

    @Test func bannerJSONBecomesCompleteChoices() throws {
        let submission = try json(#"{"choices": {"analytics": true}, "method": "accept_all", "source": "banner", "page": "/pricing/?x=1", "policyVersion": "2026-05-04"}"#)
        #expect(submission == ConsentSubmission(consentID: nil, choices: ["essential": true, "analytics": true], method: .acceptAll,
                                                source: .banner, pagePath: "/pricing/", policyVersion: "2026-05-04"))
    }

    @Test(arguments: [
        (#"{"choices": {"marketing": true, "analytics": false}}"#, "invalid_request"),
        (#"{"choices": {"essential": false, "analytics": false}}"#, "invalid_request"),
        (#"{"choices": {"analytics": 1}}"#, "invalid_request"),
        (#"{"choices": {"analytics": "yes"}}"#, "invalid_request"),
        (#"{"choices": {}}"#, "invalid_request"),
        (#"{"choices": {"analytics": false}, "method": "sure"}"#, "invalid_request"),
        (#"{"choices": {"analytics": false}, "page": "https://evil.example/"}"#, "invalid_request"),
        (#"{"choices": {"analytics": false}, "extra": 1}"#, "invalid_request"),
        (#"{"choices": [true]}"#, "invalid_request"),
        (#"{"choices": {"analytics": false}, "consentId": "not-an-id"}"#, "invalid_consent_id"),
        (#"{"choices": {"analytics": false}, "consentId": 12}"#, "invalid_consent_id"),
        (#"{"choices": {"analytics": false"#, "malformed_json"),
        (#"[1, 2]"#, "malformed_json"),
    ])
    func badInputIsRejectedWithItsReason(body: String, code: String) {
        let error = rejection(body)
        #expect(error?.code == code, "\(body)")
        #expect(error.map { (400..<500).contains($0.status) } == true)
    }

    @Test func staleRegistryVersionIsAConflict() {
        #expect(rejection(#"{"choices": {"analytics": false}, "registryVersion": "0000000000000000"}"#)?.status == 409)
        #expect(rejection(#"{"choices": {"analytics": false}, "registryVersion": "\#(Self.registry.version)"}"#) == nil)
    }

    @Test func bodiesOver8KBAreRefused() {
        let padding = String(repeating: " ", count: 8 * 1024)
        #expect(rejection(#"{"choices": {"analytics": false}}"# + padding)?.status == 413)
    }

    @Test func consentIDsAreNormalized() throws {
        let uuid = "3F2504E0-4F89-11D3-9A0C-0305E82C3301"
        #expect(try json(#"{"choices": {"analytics": false}, "consentId": "\#(uuid)"}"#).consentID == "3f2504e04f8911d39a0c0305e82c3301")
    }

    @Test func vanillaCookieConsentV3CookieIsAccepted() throws {
        let cookie = #"""
            {"categories": ["necessary", "analytics"], "revision": 0, "data": null,
             "consentTimestamp": "2026-05-04T10:00:00.000Z", "consentId": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
             "services": {"necessary": [], "analytics": []}, "languageCode": "en",
             "lastConsentTimestamp": "2026-05-04T10:00:00.000Z", "expirationTime": 1809000000000}
            """#
        let submission = try json(cookie)
        #expect(submission.choices == ["essential": true, "analytics": true])
        #expect(submission.method == .acceptAll)
        #expect(submission.consentID == "3f2504e04f8911d39a0c0305e82c3301")
        #expect(try json(#"{"categories": ["necessary"]}"#).method == .rejectAll)
        #expect(rejection(#"{"categories": ["necessary", "ads"]}"#)?.code == "invalid_request")
    }

    /// The cookie's `revision` counts the banner's configurations: kept as the client's revision, text or
    /// a number as written (`null` means none), and never taken for the policy version.
    @Test func vanillaCookieConsentRevisionIsTheClientsOwn() throws {
        #expect(try json(#"{"categories": ["necessary"], "revision": 3}"#).clientRevision == "3")
        #expect(try json(#"{"categories": ["necessary"], "revision": 0}"#).clientRevision == "0")
        #expect(try json(#"{"categories": ["necessary"], "revision": "2026-05-04"}"#).clientRevision == "2026-05-04")
        #expect(try json(#"{"categories": ["necessary"], "revision": null}"#).clientRevision == nil)
        #expect(try json(#"{"categories": ["necessary"]}"#).clientRevision == nil)
        #expect(try json(#"{"categories": ["necessary"], "revision": 3}"#).policyVersion == nil)
        #expect(rejection(#"{"categories": ["necessary"], "revision": -1}"#)?.code == "invalid_request")
        #expect(rejection(#"{"categories": ["necessary"], "revision": 1.5}"#)?.code == "invalid_request")
        #expect(rejection(#"{"categories": ["necessary", 1]}"#)?.code == "invalid_request")
        #expect(rejection(#"{"categories": "necessary"}"#)?.code == "invalid_request")
    }

    @Test(arguments: [
        (#"{"choices": {"analytics": false}, "gpc": 1}"#, "invalid_request"),
        (#"{"choices": {"analytics": false}, "gpc": null}"#, "invalid_request"),
        (#"{"choices": {"analytics": false}, "method": null}"#, "invalid_request"),
        (#"{"choices": {"analytics": false}, "policyVersion": 20260504}"#, "invalid_request"),
        (#"{"choices": {"analytics": false}, "registryVersion": true}"#, "invalid_request"),
        (#"{"choices": {"analytics": false},}"#, "malformed_json"),
        (#"{"choices": {"analytics": False}}"#, "malformed_json"),
        ("{\"choices\": {\"analytics\": false}, \"page\": \"/\u{01}\"}", "malformed_json"),
        (#"{"choices": {"analytics": false}, "page": "/a\u0001b"}"#, "invalid_request"),
        (#""choices""#, "malformed_json"),
    ])
    func typesAndSyntaxAreCheckedAsBefore(body: String, code: String) {
        #expect(rejection(body)?.code == code, "\(body)")
    }

    @Test func optionalFieldsMayBeNull() throws {
        let submission = try json(#"{"choices": {"analytics": false}, "consentId": null, "page": null, "policyVersion": null, "registryVersion": null}"#)
        #expect(submission.consentID == nil && submission.pagePath == nil && submission.policyVersion == nil)
        #expect(try json(#"{"choices": {"analytics": false}, "gpc": true}"#).gpc)
    }

    @Test func sitePathsAreCheckedByTheirCharacters() {
        #expect(ConsentSubmissionParser.sameSitePath("/pricing/?x=1") == "/pricing/")
        #expect(ConsentSubmissionParser.sameSitePath("/café/") == "/café/")
        #expect(ConsentSubmissionParser.sameSitePath("/a\u{7F}") == nil)
        #expect(ConsentSubmissionParser.sameSitePath("/a\u{85}") == nil, "C1 controls are refused too")
        #expect(ConsentSubmissionParser.sameSitePath("/" + String(repeating: "a", count: 511)) != nil)
        #expect(ConsentSubmissionParser.sameSitePath("/" + String(repeating: "a", count: 512)) == nil)
        #expect(ConsentSubmissionParser.sameSitePath("/" + String(repeating: "é", count: 511)) != nil, "the limit counts characters")
    }

    @Test func formPostsRecordTheCheckboxes() throws {
        let (on, back, _) = try parser.parseForm(Data("analytics=on&return=%2Fcookie-settings%2F".utf8))
        #expect(on.choices == ["essential": true, "analytics": true])
        #expect(on.method == .form && on.source == .form)
        #expect(back == "/cookie-settings/")
        let (off, _, _) = try parser.parseForm(Data("return=%2Fcookie-settings%2F".utf8))
        #expect(off.choices["analytics"] == false, "an unchecked box sends nothing")
        let (rejected, _, _) = try parser.parseForm(Data("analytics=on&action=reject_all".utf8))
        #expect(rejected.choices["analytics"] == false)
    }

    @Test func formRedirectsOnlyWithinTheSite() throws {
        for target in ["https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example%2F", "javascript%3Aalert(1)", "%2Fok%0D%0ASet-Cookie:x=1"] {
            #expect(throws: SubmissionError.invalid("'return' must be a site path like /legal/privacy/")) {
                try parser.parseForm(Data("return=\(target)".utf8))
            }
        }
        #expect(try parser.parseForm(Data("".utf8)).returnPath == "/", "no return path goes home")
        #expect(throws: SubmissionError.self) { try parser.parseForm(Data("marketing=on".utf8)) }
    }
}
