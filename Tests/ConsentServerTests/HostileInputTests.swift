import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Testing
@testable import ConsentServer

/// What a hostile client tried, each now refused or made harmless: CSV row injection, fields checked
/// differently by path, a consent id of the client's choosing, and the operations findings.
@Suite("Hostile input")
struct HostileInputTests {
    let parser = ConsentSubmissionParser(registry: ConsentSubmissionTests.registry)

    // MARK: CSV

    @Test(arguments: [
        ("v1\r\n=cmd|' /C calc'!A0", "\"v1\r\n=cmd|' /C calc'!A0\""),
        ("a\rb", "\"a\rb\""),
        ("a\nb", "\"a\nb\""),
        ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"), ("\r=1", "\"'\r=1\""), ("|calc", "'|calc"),
        ("a;b", "\"a;b\""),
        ("\"\u{301}x", "\"\"\"\u{301}x\""),
        ("plain /path/", "plain /path/"),
    ])
    func csvFieldsAreQuotedAndDefusedByUnicodeScalar(field: String, escaped: String) {
        #expect(ConsentCSV.escape(field) == escaped)
    }

    @Test func aCSVFieldNeverEndsItsLine() {
        // Whatever the field, the escaped text holds a line break only inside quotes.
        for field in ["x\r\n=y", "\r\n", "\"\r\n\"", "é\r\n", "\u{301}\r\n=1"] {
            let escaped = ConsentCSV.escape(field)
            if escaped.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
                #expect(escaped.unicodeScalars.first == "\"" && escaped.unicodeScalars.last == "\"", "\(field.debugDescription)")
            }
        }
    }

    // MARK: One validation whatever the path

    static let longVersion = String(repeating: "v", count: 65)

    @Test(arguments: [
        "policyVersion=\(longVersion)", "policyVersion=v1%0D%0A%3Dcmd", "policyVersion=a%00b", "policyVersion=%09v1",
        "analytics=maybe", "essential=off", "analytics=on&analytics=off", "consentId=zz", "return=%2F%2Fevil.example",
        "registryVersion=stale", "analytics=%ZZ", "action=delete_everything",
    ])
    func theFormIsCheckedLikeJSON(body: String) {
        #expect(throws: SubmissionError.self, "\(body)") { try parser.parseForm(Data(body.utf8)) }
    }

    @Test(arguments: [
        #"{"choices": {"analytics": true}, "policyVersion": "\#(longVersion)"}"#,
        #"{"choices": {"analytics": true}, "policyVersion": "v1\r\n=cmd"}"#,
        #"{"choices": {"analytics": true}, "policyVersion": "a\u0000b"}"#,
        #"{"choices": {"analytics": true}, "policyVersion": "é"}"#,
        #"{"categories": ["analytics"], "revision": "\#(longVersion)"}"#,
        #"{"categories": ["analytics"], "revision": "1\u0000"}"#,
        #"{"categories": ["analytics"], "revision": -1}"#,
        #"{"categories": ["analytics"], "choices": {"analytics": false}}"#,
        #"{"categories": ["analytics"], "method": "reject_all"}"#,
        #"{"categories": ["analytics"], "consentId": "zz"}"#,
    ])
    func jsonAndVanillaShapesShareTheLimits(body: String) {
        #expect(throws: SubmissionError.self, "\(body)") { try parser.parseJSON(Data(body.utf8)) }
    }

    @Test func theSameVersionIsAcceptedOnEveryPath() throws {
        let version = String(repeating: "v", count: 64)
        #expect(try parser.parseForm(Data("policyVersion=\(version)".utf8)).0.policyVersion == version)
        #expect(try parser.parseJSON(Data(#"{"choices": {"analytics": true}, "policyVersion": "\#(version)"}"#.utf8)).policyVersion == version)
        #expect(try parser.parseJSON(Data(#"{"categories": ["analytics"], "revision": "\#(version)"}"#.utf8)).clientRevision == version)
    }

    @Test func formAnswersAreReadOnlyAsOnOrOff() throws {
        #expect(try parser.parseForm(Data("analytics=on".utf8)).0.choices["analytics"] == true)
        #expect(try parser.parseForm(Data("analytics=off".utf8)).0.choices["analytics"] == false)
        #expect(try parser.parseForm(Data("essential=on&analytics=on".utf8)).0.choices == ["essential": true, "analytics": true])
        #expect(throws: SubmissionError.invalid("'essential' cookies are strictly necessary and cannot be refused")) {
            try parser.parseForm(Data("essential=off".utf8))
        }
    }

    // MARK: Consent ids

    @Test func clientChosenIDsMustLookRandom() {
        #expect(ConsentID.isAcceptableClientChosen("3f2504e04f8941d39a0c0305e82c3301"), "a version 4 UUID")
        #expect(!ConsentID.isAcceptableClientChosen(String(repeating: "0", count: 32)))
        #expect(!ConsentID.isAcceptableClientChosen("00000000000040008000000000000000"), "v4 bits, nothing random")
        #expect(!ConsentID.isAcceptableClientChosen("3f2504e04f8911d39a0c0305e82c3301"), "version 1")
        #expect(!ConsentID.isAcceptableClientChosen("3f2504e04f8941d3ca0c0305e82c3301"), "wrong variant")
        #expect((0..<1000).allSatisfy { _ in ConsentID.isAcceptableClientChosen(ConsentID.generate()) }, "the server's own ids pass")
    }

    @Test func aFirstChoiceUnderAMadeUpIDGetsTheServersOwn() async throws {
        try await ConsentAPITests.withServer { client, store in
            let zeros = String(repeating: "0", count: 32)
            let given = try await client.execute(uri: "/api/consent", method: .post, headers: ConsentAPITests.jsonHeaders,
                                                 body: ByteBuffer(string: #"{"choices": {"analytics": true}, "consentId": "\#(zeros)"}"#)) { response in
                #expect(response.status == .created)
                return ConsentAPITests.json(response.body)["consentId"] as? String
            }
            #expect(given != zeros && given.map(ConsentID.isValid) == true)
            #expect(try await store.history(of: zeros).isEmpty)
            // The same made-up id in the cookie of a no-JavaScript form is ignored the same way.
            try await client.execute(uri: "/api/consent", method: .post,
                                     headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "pigment_consent=\(zeros).v."],
                                     body: ByteBuffer(string: "analytics=on")) { #expect($0.status == .seeOther) }
            #expect(try await store.history(of: zeros).isEmpty)
            // A random UUID the client made (vanilla-cookieconsent's) is kept, in the log's form.
            let uuid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301"
            try await client.execute(uri: "/api/consent", method: .post, headers: ConsentAPITests.jsonHeaders,
                                     body: ByteBuffer(string: #"{"categories": ["necessary"], "consentId": "\#(uuid)"}"#)) {
                #expect(ConsentAPITests.json($0.body)["consentId"] as? String == "3f2504e04f8941d39a0c0305e82c3301")
            }
            try await client.execute(uri: "/api/consent/\(uuid)", method: .get) { #expect($0.status == .ok, "receipts take the UUID form too") }
        }
    }

    @Test func aPolicyVersionWithALineBreakIsRefusedBeforeItReachesTheLog() async throws {
        try await ConsentAPITests.withServer { client, store in
            for body in [#"{"choices": {"analytics": true}, "policyVersion": "v1\r\n=cmd|' /C calc'!A0"}"#] {
                try await client.execute(uri: "/api/consent", method: .post, headers: ConsentAPITests.jsonHeaders, body: ByteBuffer(string: body)) {
                    #expect($0.status == .badRequest)
                }
            }
            try await client.execute(uri: "/api/consent", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "analytics=on&policyVersion=v1%0D%0A%3Dcmd")) { #expect($0.status == .badRequest) }
            #expect(try await store.count() == 0)
        }
    }

    // MARK: Operations

    @Test func adminDaysMustExist() async throws {
        try await ConsentAPITests.withServer { client, _ in
            for day in ["2026-13-01", "2026-02-30", "2026-1-01", "20260101", "２０２６-01-01"] {
                try await client.execute(uri: "/admin/consents.csv?from=\(day.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", method: .get,
                                         headers: [.authorization: "Bearer \(ConsentAPITests.adminToken)"]) {
                    #expect($0.status == .badRequest, "\(day)")
                }
            }
        }
        #expect(UTCDay.date("2028-02-29") != nil && UTCDay.date("2027-02-29") == nil)
    }

    @Test func theBearerSchemeIsCaseInsensitive() async throws {
        try await ConsentAPITests.withServer { client, _ in
            for scheme in ["bearer", "BEARER", "Bearer"] {
                try await client.execute(uri: "/admin/stats", method: .get, headers: [.authorization: "\(scheme) \(ConsentAPITests.adminToken)"]) {
                    #expect($0.status == .ok, "\(scheme)")
                }
            }
        }
    }

    @Test func jsonAnswersSayNosniff() async throws {
        try await ConsentAPITests.withServer { client, _ in
            for uri in ["/healthz", "/api/consent/xyz", "/api/consent/log-head"] {
                try await client.execute(uri: uri, method: .get) { #expect($0.headers[.xContentTypeOptions] == "nosniff", "\(uri)") }
            }
        }
    }

    @Test func theAdminTokenFileMustBePrivateAndLong() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("token").path
        let token = String(repeating: "k", count: 32)
        _ = FileManager.default.createFile(atPath: file, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o644])
        #expect(throws: AdminToken.Refusal.self) { try AdminToken.load(file: file, environment: [:]) }
        do { _ = try AdminToken.load(file: file, environment: [:]) } catch { #expect(error.description.contains("chmod 600")) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(try AdminToken.load(file: file, environment: [:]) == token)
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8), attributes: [.posixPermissions: 0o600])
        do { _ = try AdminToken.load(file: file, environment: [:]); Issue.record("a short token was taken") } catch {
            #expect(error.description.contains("is 1 bytes; it must be at least 32"))
        }
        do { _ = try AdminToken.load(file: directory.appendingPathComponent("missing").path, environment: [:]); Issue.record("no error") } catch {
            #expect(error.description.hasSuffix("missing: No such file or directory"))
        }
        #expect(throws: AdminToken.Refusal.self) { try AdminToken.load(file: nil, environment: ["PIGMENT_ADMIN_TOKEN": "short"]) }
        #expect(try AdminToken.load(file: nil, environment: [:]) == nil)
    }

    @Test func theDatabaseIsCreatedReadableByItsOwnerOnly() async throws {
        let path = SQLiteConsentStoreTests.temporaryPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteConsentStore(path: path)
        try await store.append(SQLiteConsentStoreTests.record())
        for suffix in ["", "-wal", "-shm"] {
            let mode = try FileManager.default.attributesOfItem(atPath: path + suffix)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(suffix)")
        }
        #expect(SQLiteConsentStore.permissionWarning(path: path) == nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(SQLiteConsentStore.permissionWarning(path: path)?.contains("chmod 600") == true)
    }
}

@Suite("Refusals read the same each time")
struct StableRefusalTests {
    /// Found by fuzzing: with two bad choices, the detail named one or the other by dictionary order.
    @Test func twoBadChoicesAlwaysNameTheSameOne() {
        let parser = ConsentSubmissionParser(registry: ConsentSubmissionTests.registry)
        var details = Set<String>()
        for body in [#"{"choices": {"zeta": true, "marketing": true, "analytics": true}}"#, #"{"choices": {"marketing": true, "zeta": true, "analytics": true}}"#,
                     #"{"choices": {"analytics": 1, "essential": "x"}}"#] {
            for _ in 0..<40 {
                do { _ = try parser.parseJSON(Data(body.utf8)) } catch { details.insert("\(body.prefix(20))… \(error.detail)") }
            }
        }
        #expect(details.count == 3, "\(details.sorted())")
        #expect(details.contains { $0.hasSuffix("unknown category 'marketing' (categories: essential, analytics)") })
    }
}
