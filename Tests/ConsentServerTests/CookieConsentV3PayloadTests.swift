import Foundation
import PigmentModel
import Testing
@testable import ConsentServer

/// vanilla-cookieconsent v3's shapes, read by the parser: each stored as what it means, every
/// field's type and size checked, and anything inconsistent refused with a reason.
@Suite("Consent submissions: vanilla-cookieconsent v3")
struct CookieConsentV3PayloadTests {
    /// Two optional categories, so a custom choice exists.
    static let registry = ConsentRegistry(categories: [
        .init(id: "essential", title: "Essential", description: "Always on.", required: true, cookies: []),
        .init(id: "analytics", title: "Analytics", description: "Opt-in.", required: false, cookies: []),
        .init(id: "marketing", title: "Marketing", description: "Opt-in.", required: false, cookies: []),
    ])
    let parser = ConsentSubmissionParser(registry: Self.registry, siteOrigin: "https://pigmentstudio.com")
    static let uuid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"
    static let id = "3f2504e04f8941d39a0c0305e82c3301"

    func json(_ text: String) throws(SubmissionError) -> ConsentSubmission { try parser.parseJSON(Data(text.utf8)) }

    func rejection(_ text: String) -> SubmissionError? {
        do { _ = try json(text); return nil } catch { return error }
    }

    @Test func theLoggingRecipesFourFields() throws {
        let submission = try json(#"""
            {"consentId": "\#(Self.uuid)", "acceptType": "custom",
             "acceptedCategories": ["necessary", "analytics"], "rejectedCategories": ["marketing"]}
            """#)
        #expect(submission == ConsentSubmission(consentID: Self.id, choices: ["essential": true, "analytics": true, "marketing": false],
                                                method: .custom, source: .banner, pagePath: nil, policyVersion: nil))
    }

    @Test(arguments: [("all", ConsentRecord.Method.acceptAll, true), ("necessary", .rejectAll, false)])
    func acceptTypeBecomesTheMethod(acceptType: String, method: ConsentRecord.Method, granted: Bool) throws {
        let accepted = granted ? #"["necessary", "analytics", "marketing"]"# : #"["necessary"]"#
        let rejected = granted ? "[]" : #"["analytics", "marketing"]"#
        let submission = try json(#"{"acceptType": "\#(acceptType)", "acceptedCategories": \#(accepted), "rejectedCategories": \#(rejected)}"#)
        #expect(submission.method == method)
        #expect(submission.choices == ["essential": true, "analytics": granted, "marketing": granted])
    }

    @Test func theWholeCookieKeepsItsRevisionApartFromThePolicyVersion() throws {
        let submission = try json(#"""
            {"categories": ["necessary", "analytics"], "revision": 0, "data": {"plan": "pro"},
             "consentTimestamp": "2026-05-04T10:00:00.000Z", "consentId": "\#(Self.uuid)",
             "services": {"necessary": [], "analytics": ["plausible"], "marketing": []}, "languageCode": "en",
             "lastConsentTimestamp": "2026-05-04T10:00:00.000Z", "expirationTime": 1809424800000}
            """#)
        #expect(submission.choices == ["essential": true, "analytics": true, "marketing": false], "absent from the cookie is refused")
        #expect(submission.method == .custom)
        #expect(submission.clientRevision == "0")
        #expect(submission.policyVersion == nil, "the server's configuration names the policy")
        #expect(submission.consentID == Self.id)
    }

    @Test func theShortShapes() throws {
        let categories = try json(#"{"consentId": "\#(Self.id)", "categories": ["necessary", "marketing"]}"#)
        let accepted = try json(#"{"consentId": "\#(Self.id)", "acceptedCategories": ["necessary", "marketing"]}"#)
        #expect(categories == accepted)
        #expect(accepted.choices == ["essential": true, "analytics": false, "marketing": true])
        #expect(try json(#"{"categories": []}"#).method == .rejectAll, "necessary need not be named")
        #expect(try json(#"{"categories": ["essential", "analytics", "marketing"]}"#).method == .acceptAll, "our own names work too")
    }

    @Test func theMergedObjectsWithTheirPage() throws {
        let cookie = #""categories": ["necessary", "analytics", "marketing"], "revision": 2, "consentId": "\#(Self.uuid)", "languageCode": "pt-BR", "services": {"analytics": []}"#
        let preferences = #""acceptType": "all", "acceptedCategories": ["necessary", "analytics", "marketing"], "rejectedCategories": [], "acceptedServices": {"analytics": ["plausible"]}, "rejectedServices": {}"#
        for (page, stored) in [(#""url": "https://pigmentstudio.com/pricing/?plan=pro#faq""#, "/pricing/"),
                               (#""url": "HTTPS://PigmentStudio.com""#, "/"),
                               (#""page": "/blog/#top""#, "/blog/"), (#""path": "/legal/cookies/""#, "/legal/cookies/"),
                               (#""pagePath": "/features/?x=1""#, "/features/"),
                               (#""path": "/a/", "url": "https://pigmentstudio.com/a/?q""#, "/a/")] {
            let submission = try json("{\(cookie), \(preferences), \(page)}")
            #expect(submission.pagePath == stored, "\(page)")
            #expect(submission.method == .acceptAll && submission.clientRevision == "2" && submission.source == .banner)
        }
    }

    @Test(arguments: [
        (#"{"acceptType": "all", "acceptedCategories": ["necessary", "analytics"], "rejectedCategories": ["marketing"]}"#,
         "'acceptType' is 'all' but 'marketing' is not accepted"),
        (#"{"acceptType": "necessary", "acceptedCategories": ["necessary", "analytics"], "rejectedCategories": ["marketing"]}"#,
         "'acceptType' is 'necessary' but 'analytics' is accepted"),
        (#"{"acceptType": "everything", "acceptedCategories": ["necessary"]}"#, "'acceptType' must be all, custom or necessary"),
        (#"{"acceptType": 1, "acceptedCategories": ["necessary"]}"#, "'acceptType' must be text"),
        (#"{"acceptedCategories": ["necessary", "analytics"], "rejectedCategories": ["analytics", "marketing"]}"#,
         "'analytics' is both accepted and rejected"),
        (#"{"acceptedCategories": ["necessary", "analytics"], "rejectedCategories": []}"#,
         "missing a choice for 'marketing': name it in 'acceptedCategories' or 'rejectedCategories'"),
        (#"{"acceptedCategories": ["analytics"], "rejectedCategories": ["necessary", "marketing"]}"#,
         "'necessary' cookies are strictly necessary and cannot be refused"),
        (#"{"categories": ["necessary"], "acceptedCategories": ["necessary", "analytics"]}"#,
         "'categories' and 'acceptedCategories' name different categories: send the same in both, or one of them"),
        (#"{"acceptType": "all"}"#, "'acceptedCategories' (or 'categories') must list the accepted categories"),
        (#"{"rejectedCategories": ["analytics"]}"#, "'acceptedCategories' (or 'categories') must list the accepted categories"),
        (#"{"acceptedCategories": ["necessary"], "choices": {"analytics": true}}"#, "unknown field 'choices'"),
        (#"{"acceptedCategories": ["necessary"], "acceptTyp": "all"}"#, "unknown field 'acceptTyp'"),
        (#"{"acceptedCategories": "analytics"}"#, "'acceptedCategories' must be a list of category names"),
        (#"{"acceptedCategories": ["necessary"], "rejectedCategories": [1]}"#, "'rejectedCategories' must be a list of category names"),
        (#"{"acceptedCategories": ["necessary", "ads"]}"#, "unknown category 'ads' (categories: essential, analytics, marketing)"),
        (#"{"acceptedCategories": ["analytics", "analytics"]}"#, "'acceptedCategories' names 'analytics' twice"),
        (#"{"categories": ["necessary"], "revision": true}"#, "'revision' must be a whole number or text"),
        (#"{"categories": ["necessary"], "revision": "v\u0001"}"#, "'revision' must be at most 64 printable ASCII characters"),
        (#"{"categories": ["necessary"], "consentTimestamp": 1780000000}"#, "'consentTimestamp' must be text"),
        (#"{"categories": ["necessary"], "lastConsentTimestamp": "yesterday"}"#, "'lastConsentTimestamp' must be a time like 2026-05-04T10:30:00.000Z"),
        (#"{"categories": ["necessary"], "expirationTime": "soon"}"#, "'expirationTime' must be a time in whole milliseconds since 1970"),
        (#"{"categories": ["necessary"], "expirationTime": -1}"#, "'expirationTime' must be a time in whole milliseconds since 1970"),
        (#"{"categories": ["necessary"], "languageCode": "en US"}"#, "'languageCode' must be a language tag like en or pt-BR"),
        (#"{"categories": ["necessary"], "languageCode": ["en"]}"#, "'languageCode' must be text"),
        (#"{"categories": ["necessary"], "services": ["plausible"]}"#, "'services' must be an object of category → list of service names"),
        (#"{"categories": ["necessary"], "acceptedServices": {"analytics": "plausible"}}"#,
         "'acceptedServices' must be an object of category → list of service names"),
        (#"{"categories": ["necessary"], "rejectedServices": {"analytics": [1]}}"#,
         "'rejectedServices' must list service names of at most 128 bytes"),
        (#"{"categories": ["necessary"], "url": "https://evil.example/pricing/"}"#, "'url' must be a page of this site, not of evil.example"),
        (#"{"categories": ["necessary"], "url": "https://pigmentstudio.com@evil.example/"}"#,
         "'url' must be a site path like /legal/privacy/ or a URL of this site"),
        (#"{"categories": ["necessary"], "url": "javascript:alert(1)"}"#, "'url' must be a site path like /legal/privacy/"),
        (#"{"categories": ["necessary"], "page": "https://pigmentstudio.com//evil.example/"}"#, "'page' must be a site path like /legal/privacy/"),
        (#"{"categories": ["necessary"], "path": "/a/", "url": "https://pigmentstudio.com/b/"}"#, "'path' and 'url' name different pages"),
        (#"{"categories": ["necessary"], "pagePath": 3}"#, "'pagePath' must be text"),
        (#"{"categories": ["necessary"], "consentId": "3F2504E0-4F89-41D3-9A0C-0305E82C330"}"#, "consentId must be 32 hex digits or a UUID"),
    ])
    func inconsistentOrMistypedPayloadsAreRefusedWithTheirReason(body: String, detail: String) {
        let error = rejection(body)
        #expect(error?.detail == detail, "\(body)")
        #expect(error.map { (400..<500).contains($0.status) } == true)
    }

    @Test func listsAndSizesAreBounded() {
        let names = Array(repeating: #""necessary""#, count: 33).joined(separator: ",")
        #expect(rejection(#"{"acceptedCategories": [\#(names)]}"#)?.detail == "'acceptedCategories' may name at most 32 categories")
        let long = String(repeating: "a", count: 65)
        #expect(rejection(#"{"categories": ["\#(long)"]}"#)?.detail == "'categories' holds a name longer than 64 bytes", "not echoed whole")
        let services = Array(repeating: #""s""#, count: 33).joined(separator: ",")
        #expect(rejection(#"{"categories": [], "services": {"analytics": [\#(services)]}}"#)?.detail == "'services' may list at most 32 services a category")
        let categories = (0..<33).map { #""c\#($0)": []"# }.joined(separator: ",")
        #expect(rejection(#"{"categories": [], "services": {\#(categories)}}"#)?.detail == "'services' may name at most 32 categories")
        #expect(rejection(#"{"categories": [], "acceptedServices": {"analytics": ["\#(String(repeating: "s", count: 129))"]}}"#)?.detail
                == "'acceptedServices' must list service names of at most 128 bytes")
        let data = String(repeating: "d", count: 4100)
        #expect(rejection(#"{"categories": [], "data": "\#(data)"}"#)?.detail == "'data' may be at most 4096 bytes of JSON")
        #expect(rejection(#"{"categories": [], "languageCode": "\#(String(repeating: "e", count: 36))"}"#) != nil)
        #expect(rejection(#"{"categories": [], "revision": "\#(String(repeating: "1", count: 65))"}"#) != nil)
    }

    /// Without a configured site origin the host cannot be checked: only the path is ever kept.
    @Test func withoutASiteOriginAURLGivesItsPathOnly() throws {
        let open = ConsentSubmissionParser(registry: Self.registry)
        let submission = try open.parseJSON(Data(#"{"categories": [], "url": "http://localhost:8080/pricing/?x#y"}"#.utf8))
        #expect(submission.pagePath == "/pricing/")
    }

    /// Our own banner's JSON is read as before: a page there is a site path, never a URL.
    @Test func ourBannersPageStaysAPath() {
        #expect(rejection(#"{"choices": {"analytics": true, "marketing": false}, "page": "https://pigmentstudio.com/"}"#)?.code == "invalid_request")
    }
}
