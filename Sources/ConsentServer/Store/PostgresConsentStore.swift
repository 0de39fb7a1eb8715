import Foundation
import Logging
import PigmentModel
import PostgresNIO

/// The consent log in PostgreSQL, for several servers sharing one database. The database keeps the
/// chain (`PostgresSchema`): each insert takes its place after the newest entry under the chain's
/// lock, so appends from every server form one line, and a 201 is sent only after PostgreSQL's COMMIT (which
/// waits for its WAL flush under the default `synchronous_commit = on`).
///
/// Every query runs as the role `pigment_consent_writer` once the schema is migrated, when the
/// connecting user may act as it: the server itself cannot update or delete an entry.
public final class PostgresConsentStore: ConsentStore {
    let client: PostgresClient
    private let running: Task<Void, Never>
    let url: PostgresURL
    /// Whether queries run as the writer role (false when the user could not create or join it).
    public let actsAsWriterRole: Bool
    private let logger: Logger

    /// The role servers act as: it may read and insert entries and run the purge, nothing else.
    public static var writerRole: String { PostgresSchema.writerRole }

    /// Entries per INSERT statement: PostgreSQL binds at most 65,535 parameters to one statement.
    static let rowsPerStatement = 1000

    /// Connects, brings the schema up to date (once, however many servers start together) and
    /// returns a store whose connections act as the writer role.
    public static func open(_ url: PostgresURL, logger: Logger = Logger(label: "pigment.consent.postgres")) async throws -> PostgresConsentStore {
        let canActAsWriter = try await withOwnConnection(url, logger: logger) { connection in
            try await migrate(connection, logger: logger)
        }
        let client = PostgresClient(configuration: try configuration(url, role: canActAsWriter ? PostgresSchema.writerRole : nil),
                                    backgroundLogger: quiet(logger))
        return PostgresConsentStore(client: client, url: url, actsAsWriterRole: canActAsWriter, logger: logger)
    }

    /// One connection of the URL's user, outside any pool, closed after: for migrations and imports.
    /// A database that cannot be reached fails at once with its reason (the pool would retry for a minute).
    static func withOwnConnection<T: Sendable>(_ url: PostgresURL, logger: Logger,
                                               _ body: (PostgresConnection) async throws -> T) async throws -> T {
        var configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                             database: url.database, tls: try PostgresTLS.connection(url))
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = sessionParameters
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: quiet(logger))
        } catch {
            throw PostgresErrors.unwrapped(error)
        }
        do {
            let result = try await body(connection)
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw PostgresErrors.unwrapped(error)
        }
    }

    private init(client: PostgresClient, url: PostgresURL, actsAsWriterRole: Bool, logger: Logger) {
        self.client = client
        self.url = url
        self.actsAsWriterRole = actsAsWriterRole
        self.logger = logger
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// Closes every connection; the store cannot be used after.
    public func close() { running.cancel() }

    /// PostgresNIO's own log, errors only: it warns, for instance, when a query waits for the pool's
    /// first connection, which is how every start-up begins.
    static func quiet(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = .error
        return quiet
    }

    /// Every connection: TLS as the URL asks, and bounds on how long a statement, a lock wait and an
    /// idle transaction may take, so a stuck database answers 503 instead of holding requests.
    static func configuration(_ url: PostgresURL, role: String?) throws -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                         database: url.database, tls: try PostgresTLS.configuration(url))
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.maximumConnections = 8
        configuration.options.additionalStartupParameters = sessionParameters + (role.map { [("role", $0)] } ?? [])
        return configuration
    }

    static let sessionParameters = [
        ("application_name", "pigment consent-server"),
        ("statement_timeout", "15s"), ("lock_timeout", "10s"), ("idle_in_transaction_session_timeout", "30s"),
    ]

    /// Runs the migrations not yet applied, under an advisory lock; returns whether this user may act as the writer role.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> Bool {
        try await connection.query("SELECT pg_advisory_lock(\(PostgresSchema.migrationLock))", logger: logger)
        do {
            let encoding = try await connection.query("SHOW server_encoding", logger: logger).collect().first?.decode(String.self) ?? ""
            guard encoding == "UTF8" else {
                throw StoreRefusal(reason: "the database's encoding is \(encoding); the consent log needs UTF8 (CREATE DATABASE … ENCODING 'UTF8')")
            }
            let schema = try await connection.query("SELECT quote_ident(current_schema())", logger: logger).collect().first?.decode(String?.self)
            guard let schema else { throw StoreRefusal(reason: "the connection has no schema to create the log in (check search_path)") }
            // A user that does not own the log (a server given only the writer role) migrates nothing and grants nothing.
            let ownsLog = try await connection.query("""
                SELECT coalesce((SELECT tableowner = current_user FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'consent_record'), true)
                """, logger: logger).collect().first?.decode(Bool.self) ?? false
            let hasMigrationTable = try await connection.query("SELECT to_regclass('consent_schema_migration') IS NOT NULL", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            if !hasMigrationTable {
                try await connection.query("""
                    CREATE TABLE consent_schema_migration (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                    """, logger: logger)
            }
            let applied = Set(try await connection.query("SELECT version FROM consent_schema_migration", logger: logger).collect()
                .map { try $0.decode(Int.self) })
            let pending = PostgresSchema.migrations.filter { !applied.contains($0.version) }
            if !pending.isEmpty && !ownsLog {
                throw StoreRefusal(reason: "the consent log's schema needs migrating, which only its owner may do: start one server (or `pigment consent purge`) with the owner's URL once")
            }
            for migration in pending {
                try await connection.withTransaction(logger: logger) { transaction in
                    for statement in SQLScript.statements(PostgresSchema.script(migration, schema: schema)) {
                        try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await transaction.query("INSERT INTO consent_schema_migration (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                }
                logger.info("consent log: applied PostgreSQL migration \(migration.version) (\(migration.name))")
            }
            if ownsLog { try await connection.query(PostgresQuery(unsafeSQL: PostgresSchema.writerGrants(schema: schema)), logger: logger) }
            let member = try await connection.query("""
                SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = \(PostgresSchema.writerRole)) AND pg_has_role(current_user, \(PostgresSchema.writerRole), 'MEMBER')
                """, logger: logger).collect().first?.decode(Bool.self) ?? false
            try await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.migrationLock))", logger: logger)
            return member
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(PostgresSchema.migrationLock))", logger: logger)
            throw error
        }
    }

    /// Storage trouble as `StorageFailure` (503), also when the database does not answer within
    /// `answerTimeout` (the pool waits for a connection it cannot make); anything else as it is.
    private func storage<T: Sendable>(within limit: Duration = answerTimeout, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await PostgresErrors.within(limit, work)
        } catch {
            throw PostgresErrors.unwrapped(error)
        }
    }

    /// How long a request waits for the database before it is answered 503.
    static let answerTimeout: Duration = .seconds(10)

    public func append(_ records: [ConsentRecord]) async throws {
        guard !records.isEmpty else { return }
        let entries = records.map(LogRow.values(of:))
        guard entries.allSatisfy({ $0.allSatisfy(\.survivesSQLite) }) else { throw StoreRefusal(reason: "a text value holds a NUL character") }
        try await storage { [self] in
            try await client.withTransaction(logger: logger) { connection in
                for start in stride(from: 0, to: entries.count, by: Self.rowsPerStatement) {
                    let chunk = Array(entries[start..<min(start + Self.rowsPerStatement, entries.count)])
                    let placed = try await connection.query(LogRow.postgresInsert(chunk), logger: logger).collect()
                        .map { try $0.decode((Int64, String, String).self) }.sorted { $0.0 < $1.0 }
                    // The database hashed each entry itself; it must agree with ChainHash, or the log could not be verified.
                    for (values, (position, previous, hash)) in zip(chunk, placed) where ChainHash.hash(previous: previous, values: values) != hash {
                        throw StoreRefusal(reason: "the database hashed entry \(position) differently from the server (schema out of date?)")
                    }
                }
            }
        }
    }

    public func history(of consentID: String) async throws -> [ConsentRecord] {
        let rows = try await storage { [self] in
            try await client.query(PostgresQuery(
                unsafeSQL: "SELECT \(LogRow.postgresSelectList) FROM consent_record WHERE consent_id = $1 AND checkpoint IS NULL ORDER BY id",
                binds: Self.binds(consentID)), logger: logger).collect()
        }
        // A loop, not `map` with a throwing closure: Swift 6.3.1's release build crashed splitting that coroutine.
        var records: [ConsentRecord] = []
        records.reserveCapacity(rows.count)
        for row in rows { records.append(try LogRow(postgres: row).record()) }
        return records
    }

    public func records(from: Date?, to: Date?, after position: Int64, limit: Int) async throws -> [LoggedRecord] {
        var binds = PostgresBindings()
        binds.append(position)
        binds.append(LogTimestamp.text(from ?? .distantPast))
        binds.append(LogTimestamp.text(to ?? .distantFuture))
        binds.append(Int64(limit))
        return try await storage { [self, binds] in
            try await client.query(PostgresQuery(unsafeSQL: """
                SELECT \(LogRow.postgresSelectList) FROM consent_record WHERE id > $1 AND checkpoint IS NULL
                AND recorded_at >= $2 AND recorded_at < $3 ORDER BY id LIMIT $4
                """, binds: binds), logger: logger).collect()
        }.map { row in
            let entry = try LogRow(postgres: row)
            return LoggedRecord(position: entry.position, hash: entry.hash.text,
                                record: Result(catching: { () throws(UnreadableRecord) in try entry.record() }))
        }
    }

    public func purge(olderThan cutoff: Date, now: Date) async throws -> Int {
        try await storage { [self] in
            let rows = try await client.query("SELECT consent_purge(\(LogTimestamp.text(cutoff)), \(LogTimestamp.text(now)))", logger: logger).collect()
            return Int(try rows.first?.decode(Int64.self) ?? 0)
        }
    }

    /// The purge, unless another server already ran it this UTC day: nil then.
    public func purgeOncePerDay(olderThan cutoff: Date, now: Date) async throws -> Int? {
        let day = String(LogTimestamp.text(now).prefix(10))
        return try await storage { [self] in
            let rows = try await client.query(
                "SELECT consent_purge_daily(\(day)::date, \(LogTimestamp.text(cutoff)), \(LogTimestamp.text(now)))", logger: logger).collect()
            let deleted = try rows.first?.decode(Int64.self) ?? -1
            return deleted < 0 ? nil : Int(deleted)
        }
    }

    public func count() async throws -> Int {
        try await storage { [self] in
            let rows = try await client.query("""
                SELECT (SELECT entries FROM consent_log_head) - (SELECT count(*) FROM consent_record WHERE checkpoint IS NOT NULL)
                """, logger: logger).collect()
            return Int(try rows.first?.decode(Int64.self) ?? 0)
        }
    }

    public func logHead() async throws -> LogHead {
        try await storage { [self] in
            let rows = try await client.query("SELECT entries, position, hash FROM consent_log_head", logger: logger).collect()
            guard let (entries, position, hash) = try rows.first?.decode((Int64, Int64, String).self) else { return .empty }
            return LogHead(entries: Int(entries), position: position, hash: hash)
        }
    }

    /// Whether an append could commit now: the database answers, is a primary (not a read-only
    /// replica after a failover) and lets this role insert.
    public func checkWritable() async throws {
        // A load balancer's health check gives up after a few seconds: answer before it does.
        let writable = try await storage(within: .seconds(3)) { [self] in
            try await client.query("SELECT consent_log_writable()", logger: logger).collect().first?.decode(Bool.self) ?? false
        }
        guard writable else { throw StorageFailure(kind: .readOnly, underlying: "PostgreSQL: the database is read-only for this server (a replica, or INSERT not granted)") }
    }

    private static func binds(_ values: String...) -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { bindings.append(value) }
        return bindings
    }
}
