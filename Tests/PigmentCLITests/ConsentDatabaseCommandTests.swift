import ConsentServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `--database` as operators use it: the policy version records carry, a PostgreSQL URL on the
/// command line or in `PIGMENT_DATABASE_URL`, `consent verify` on it, and `consent migrate`.
@Suite("pigment consent-server and consent: databases")
struct ConsentDatabaseCommandTests {
    static let policy = """
        ---
        title: Privacy policy
        updated: 2026-05-04
        version: "3.1"
        ---
        We keep your choices.
        """

    static func site() throws -> ScratchSite {
        try ScratchSite(["Content/data/consent.yml": ConsentServerCommandTests.registry + "\npolicyPage: legal/privacy.md\n",
                         "Content/legal/privacy.md": policy])
    }

    static func post(_ body: String, to base: URL) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: base.appendingPathComponent("api/consent"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    /// A fresh database in the test cluster, made with psql (installed with the server); nil without a cluster.
    static func freshPostgresDatabase() throws -> String? {
        guard let admin = ProcessInfo.processInfo.environment["PIGMENT_TEST_POSTGRES_URL"], !admin.isEmpty else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { throw PostgresMissing() }
            print("notice: PIGMENT_TEST_POSTGRES_URL is not set; the PostgreSQL command tests are left out (make test starts a cluster)")
            return nil
        }
        let name = "pigment_cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        psql.arguments = ["psql", admin, "-q", "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name) ENCODING 'UTF8' TEMPLATE template0"]
        try psql.run()
        psql.waitUntilExit()
        guard psql.terminationStatus == 0 else { throw PostgresMissing() }
        guard let range = admin.range(of: "/postgres", options: .backwards) else { throw PostgresMissing() }
        return admin.replacingCharacters(in: range, with: "/" + name)
    }

    struct PostgresMissing: Error, CustomStringConvertible {
        var description: String { "PIGMENT_TEST_POSTGRES_URL is missing or its cluster cannot create a database" }
    }

    @Test func recordsThatNameNoPolicyVersionGetThePolicyPagesVersion() async throws {
        let site = try Self.site()
        defer { site.remove() }
        let server = try ServerProcess(arguments: ["consent-server", "--port", "0", "--site-root", site.root.path,
                                                   "--database", "sqlite:" + site.root.appendingPathComponent("c.sqlite").path])
        defer { server.stop() }
        let base = try await server.waitForURL()
        let (status, record) = try await Self.post(#"{"choices": {"analytics": true}}"#, to: base)
        #expect(status == 201)
        #expect(record["policyVersion"] as? String == "3.1")
        let (_, named) = try await Self.post(#"{"choices": {"analytics": true}, "policyVersion": "3.0"}"#, to: base)
        #expect(named["policyVersion"] as? String == "3.0", "our banner names the version the page showed")
    }

    @Test func aBadDatabaseURLIsAUsageError() throws {
        let site = try Self.site()
        defer { site.remove() }
        for (value, message) in [("postgres://127.0.0.1/db", "names no user"), ("postgres://u@h/db?sslmode=always", "sslmode must be one of"),
                                 ("mysql://u@h/db", "--database must be sqlite:PATH or postgres://")] {
            let outcome = try PigmentProcess.run(["consent-server", "--port", "0", "--site-root", site.root.path, "--database", value])
            #expect(outcome.status == 64, "\(value)")
            #expect(outcome.stderr.contains(message), "\(value): \(outcome.stderr)")
        }
    }

    @Test func aServerOnPostgreSQLAndTheLogVerifiedAndCopiedThere() async throws {
        guard let database = try Self.freshPostgresDatabase(), let target = try Self.freshPostgresDatabase() else { return }
        let site = try Self.site()
        defer { site.remove() }
        // The URL from the environment, as in a deployment: the password stays off the command line.
        let server = try ServerProcess(arguments: ["consent-server", "--port", "0", "--site-root", site.root.path],
                                       environment: ["PIGMENT_DATABASE_URL": database])
        let base = try await server.waitForURL()
        let (status, record) = try await Self.post(#"{"choices": {"analytics": true}}"#, to: base)
        #expect(status == 201 && record["policyVersion"] as? String == "3.1")
        server.stop()
        let verified = try PigmentProcess.run(["consent", "verify", "--database", database])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("The consent log verifies: 1 entry"))

        // A SQLite log moves to the empty database, and only once.
        let sqlite = site.root.appendingPathComponent("old.sqlite").path
        let local = try ServerProcess(arguments: ["consent-server", "--port", "0", "--site-root", site.root.path, "--database", "sqlite:" + sqlite])
        let localBase = try await local.waitForURL()
        for choice in [true, false, true] { _ = try await Self.post(#"{"choices": {"analytics": \#(choice)}}"#, to: localBase) }
        local.stop()
        let copied = try PigmentProcess.run(["consent", "migrate", "--from", "sqlite:" + sqlite, "--to", target])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.contains("Copied 3 entries") && copied.stdout.contains("the copy verifies"))
        let sourceHead = try await SQLiteConsentStore(path: sqlite).logHead()
        #expect(copied.stdout.contains("Head: position 3, hash \(sourceHead.hash)"))
        let again = try PigmentProcess.run(["consent", "migrate", "--from", "sqlite:" + sqlite, "--to", target])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds a consent log"))
        let intoServersLog = try PigmentProcess.run(["consent", "migrate", "--from", "sqlite:" + sqlite], environment: ["PIGMENT_DATABASE_URL": database])
        #expect(intoServersLog.status == 1 && intoServersLog.stderr.contains("already holds a consent log"))
    }
}
