import Foundation
import Logging
import PostgresNIO
import Testing
@testable import ConsentServer

/// The stores the conformance suite runs against: a SQLite file, and a database of the PostgreSQL
/// cluster `make test` starts (`PIGMENT_TEST_POSTGRES_URL`, a superuser's URL). Without that URL
/// PostgreSQL is left out with a printed notice, except under `CI=true`, where it is included and fails.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var underTest: [StoreKind] {
        if TestPostgres.adminURL == nil && ProcessInfo.processInfo.environment["CI"] != "true" {
            print("notice: PIGMENT_TEST_POSTGRES_URL is not set, so the store tests run on SQLite only (make test starts PostgreSQL)")
            return [.sqlite]
        }
        return allCases
    }
}

/// A fresh, empty log of one kind, opened as the server opens it, and the means to open it again.
struct TestLog: Sendable {
    let kind: StoreKind
    let store: any ConsentStore
    /// Opens the same log again, as a second server (or a restarted one) would.
    let reopen: @Sendable () async throws -> any ConsentStore
    /// The log read as `pigment consent verify` reads it.
    let reader: @Sendable () async throws -> any LogSource
    let postgresURL: PostgresURL?
    let cleanup: @Sendable () async -> Void

    static func withFresh(_ kind: StoreKind, _ body: (TestLog) async throws -> Void) async throws {
        let log = try await make(kind)
        do {
            try await body(log)
        } catch {
            await log.cleanup()
            throw error
        }
        await log.cleanup()
    }

    static func make(_ kind: StoreKind) async throws -> TestLog {
        switch kind {
        case .sqlite:
            let path = SQLiteConsentStoreTests.temporaryPath()
            return TestLog(kind: kind, store: try SQLiteConsentStore(path: path), reopen: { try SQLiteConsentStore(path: path) },
                           reader: { try SQLiteLogReader(path: path) }, postgresURL: nil,
                           cleanup: { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } })
        case .postgres:
            let url = try await TestPostgres.createDatabase()
            let store = try await PostgresConsentStore.open(url)
            return TestLog(kind: kind, store: store, reopen: { try await PostgresConsentStore.open(url) },
                           reader: { try PostgresLogReader(url) }, postgresURL: url,
                           cleanup: { store.close(); await TestPostgres.dropDatabase(url.database) })
        }
    }
}

/// The test cluster: a database per test, dropped after.
enum TestPostgres {
    static var adminURL: PostgresURL? {
        guard let text = ProcessInfo.processInfo.environment["PIGMENT_TEST_POSTGRES_URL"], !text.isEmpty else { return nil }
        return try? PostgresURL(text)
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "PIGMENT_TEST_POSTGRES_URL is not set (or not a postgres:// URL): run the tests through make test, which starts a PostgreSQL cluster" }
    }

    /// Runs SQL as the cluster's superuser in its maintenance database.
    static func admin(_ sql: String) async throws {
        guard let url = adminURL else { throw Missing() }
        let client = PostgresClient(configuration: try PostgresConsentStore.configuration(url, role: nil),
                                    backgroundLogger: Logger(label: "test.postgres"))
        let running = Task { await client.run() }
        defer { running.cancel() }
        try await client.query(PostgresQuery(unsafeSQL: sql))
    }

    static func createDatabase() async throws -> PostgresURL {
        guard var url = adminURL else { throw Missing() }
        url.database = "pigment_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await admin("CREATE DATABASE \(url.database) ENCODING 'UTF8' TEMPLATE template0")
        return url
    }

    static func dropDatabase(_ name: String) async {
        try? await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// A login role with a password, for connecting as someone other than the superuser.
    static func createLoginRole(_ name: String, password: String, sql extra: String = "") async throws {
        try await admin("DROP ROLE IF EXISTS \(name)")
        try await admin("CREATE ROLE \(name) LOGIN PASSWORD '\(password)' \(extra)")
    }
}
