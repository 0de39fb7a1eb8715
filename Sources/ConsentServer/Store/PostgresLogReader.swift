import Foundation
import Logging
import PostgresNIO

/// A PostgreSQL consent log read for `pigment consent verify` and `pigment consent migrate`: no
/// migration runs and every statement is in a read-only session, so verifying never changes the log.
public final class PostgresLogReader: LogSource {
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let logger = Logger(label: "pigment.consent.postgres")

    public init(_ url: PostgresURL) throws {
        var configuration = try PostgresConsentStore.configuration(url, role: nil)
        configuration.options.additionalStartupParameters.append(("default_transaction_read_only", "on"))
        configuration.options.maximumConnections = 1
        client = PostgresClient(configuration: configuration, backgroundLogger: PostgresConsentStore.quiet(logger))
        running = Task { [client] in await client.run() }
    }

    deinit { running.cancel() }

    /// Whether the database holds a consent log at all (else there is nothing to verify).
    public func exists() async throws -> Bool {
        try await client.query("SELECT to_regclass('consent_record') IS NOT NULL", logger: logger).collect().first?.decode(Bool.self) ?? false
    }

    public func entries(after position: Int64, limit: Int) async throws -> [LogRow] {
        try await client.query(PostgresQuery(
            unsafeSQL: "SELECT \(LogRow.postgresSelectList) FROM consent_record WHERE id > $1 ORDER BY id LIMIT $2",
            binds: Self.binds(position, Int64(limit))), logger: logger).collect().map(LogRow.init(postgres:))
    }

    public func position(ofHash hash: String) async throws -> Int64? {
        var binds = PostgresBindings()
        binds.append(hash)
        return try await client.query(PostgresQuery(unsafeSQL: "SELECT id FROM consent_record WHERE hash = $1 LIMIT 1", binds: binds),
                                      logger: logger).collect().first?.decode(Int64.self)
    }

    public func newestCheckpoint() async throws -> LogRow? {
        try await client.query(PostgresQuery(unsafeSQL: """
            SELECT \(LogRow.postgresSelectList) FROM consent_record WHERE checkpoint IS NOT NULL ORDER BY id DESC LIMIT 1
            """), logger: logger).collect().first.map(LogRow.init(postgres:))
    }

    public func missingProtections() async throws -> [String] {
        let present = Set(try await client.query("""
            SELECT tgname FROM pg_trigger WHERE tgrelid = 'consent_record'::regclass AND tgenabled <> 'D'
            """, logger: logger).collect().map { try $0.decode(String.self) })
        return PostgresSchema.protections.filter { !present.contains($0) }
    }

    private static func binds(_ values: Int64...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }
}
