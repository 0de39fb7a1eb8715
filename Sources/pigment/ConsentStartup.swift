import ArgumentParser
import ConsentServer
import Foundation
import PigmentModel
import SiteBuilder

/// Start-up steps shared by `consent-server`, `serve` and `consent …`: each fails with a clear
/// message, not a crash.
enum ConsentStartup {
    static func registry(siteRoot: URL) throws -> ConsentRegistry {
        do {
            return try ConsentRegistry.load(siteRoot: siteRoot.standardizedFileURL)
        } catch {
            for diagnostic in error.diagnostics { FileHandle.standardError.write(Data("\(diagnostic)\n".utf8)) }
            throw ExitCode(1)
        }
    }

    /// The privacy policy's version in force, stored with records whose client names none.
    static func policyVersion(siteRoot: URL, registry: ConsentRegistry) throws -> String? {
        do {
            return try PolicyInForce.version(siteRoot: siteRoot.standardizedFileURL, registry: registry)
        } catch {
            for diagnostic in error.diagnostics { FileHandle.standardError.write(Data("\(diagnostic)\n".utf8)) }
            throw ExitCode(1)
        }
    }

    /// What `--database` names: a SQLite file or a PostgreSQL database.
    enum Database {
        case sqlite(path: String)
        case postgres(PostgresURL)

        var description: String {
            switch self {
            case .sqlite(let path): "sqlite:\(path)"
            case .postgres(let url): url.redacted
            }
        }
    }

    /// `--database` when given, else `$PIGMENT_DATABASE_URL` (so a password need not be on the command
    /// line, where other users of the machine see it), else the default SQLite file.
    static func database(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Database {
        let text = option ?? environment["PIGMENT_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "sqlite:consents.sqlite"
        if PostgresURL.isPostgres(text) {
            do {
                return .postgres(try PostgresURL(text))
            } catch {
                fail("error: --database: \(error)", code: 64)
            }
        }
        guard text.hasPrefix("sqlite:"), text.count > "sqlite:".count else {
            fail("error: --database must be sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE", code: 64)
        }
        return .sqlite(path: String(text.dropFirst("sqlite:".count)))
    }

    /// The store `--database` names, its schema brought up to date, with concurrent appends committed together.
    static func store(_ database: Database, waitForWritable: Bool = false) async throws -> any ConsentStore {
        switch database {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            // Going over a file-size limit (RLIMIT_FSIZE) kills a process by default; a full log is answered 503 instead.
            signal(SIGXFSZ, SIG_IGN)
            if let warning = SQLiteConsentStore.permissionWarning(path: path) { FileHandle.standardError.write(Data("\(warning)\n".utf8)) }
            do {
                return GroupCommitStore(try SQLiteConsentStore(path: path, waitForWritable: waitForWritable))
            } catch {
                fail("error: cannot open the consent log \(path): \(error)", code: 1)
            }
        case .postgres(let url):
            do {
                let store = try await PostgresConsentStore.open(url)
                if !store.actsAsWriterRole {
                    FileHandle.standardError.write(Data(("warning: \(url.user) cannot act as the role \(PostgresConsentStore.writerRole);"
                        + " the server runs with that user's rights (the database's triggers still refuse edits)\n").utf8))
                }
                return GroupCommitStore(store)
            } catch {
                fail("error: cannot open the consent log at \(url.redacted): \(error)", code: 1)
            }
        }
    }

    /// Where analytics events go: `--events-database` when given (a SQLite file, or the log's own
    /// PostgreSQL database), else beside the log: in its PostgreSQL database, so every server's events
    /// meet, or in a SQLite file next to a SQLite log (`consents.sqlite` → `consents-events.sqlite`).
    static func eventStore(_ option: String?, beside log: Database, store: any ConsentStore, registry: ConsentRegistry) throws -> any EventStore {
        let location = try option.map { try database($0) } ?? {
            switch log {
            case .postgres: return log
            case .sqlite(let path): return .sqlite(path: (path.hasSuffix(".sqlite") ? String(path.dropLast(".sqlite".count)) : path) + "-events.sqlite")
            }
        }()
        switch location {
        case .sqlite(let path):
            return sqliteEvents(path)
        case .postgres(let url):
            guard case .postgres(let logURL) = log, logURL.host == url.host, logURL.port == url.port, logURL.database == url.database,
                  let postgres = ((store as? GroupCommitStore)?.underlying ?? store) as? PostgresConsentStore else {
                throw ValidationError("--events-database may name a PostgreSQL database only when it is the consent log's (--database); else give sqlite:PATH")
            }
            return PostgresEventStore(beside: postgres, category: AnalyticsCollection.category(in: registry)?.id ?? "analytics")
        }
    }

    /// The events file, created mode 600 like the log.
    static func sqliteEvents(_ path: String) -> SQLiteEventStore {
        do {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
            if descriptor >= 0 { close(descriptor) }
            return try SQLiteEventStore(path: path)
        } catch {
            fail("error: cannot open the analytics events file \(path): \(error)", code: 1)
        }
    }

    /// First-party analytics beside the consent API: who may be counted (read from the log now, then
    /// followed), and the tasks that keep events, rollups and retention going; the caller cancels the
    /// task when it stops.
    static func analytics(events: any EventStore, store: any ConsentStore, configuration: ConsentAPIConfiguration,
                          eventsPerMinute: Int = AnalyticsCollection.defaultEventsPerMinute) async throws
        -> (AnalyticsCollection, Task<Void, Never>) {
        let analytics = AnalyticsCollection(registry: configuration.registry, events: events, lifetime: configuration.lifetimeAfterConsent,
                                            eventsPerMinute: eventsPerMinute, now: configuration.now)
        // A log that cannot be read yet (read-only, a database still starting) does not stop the
        // server: `follow` reads it once it can, and until then no visitor is counted.
        do {
            try await analytics.consents.catchUp(with: store)
        } catch {
            FileHandle.standardError.write(Data("warning: analytics: cannot read the consent log yet (\(error)); no event is counted until it can\n".utf8))
        }
        let running = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await analytics.consents.follow(store) }
                group.addTask { await events.run() }
                group.addTask { await EventUpkeep(events: events).run() }
            }
        }
        return (analytics, running)
    }

    /// The log `--database` names, opened read-only for verifying or copying.
    static func reader(_ database: Database) async throws -> any LogSource {
        do {
            switch database {
            case .sqlite(let path):
                return try SQLiteLogReader(path: path)
            case .postgres(let url):
                let reader = try PostgresLogReader(url)
                guard try await reader.exists() else { fail("error: \(url.redacted) holds no consent log", code: 1) }
                return reader
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            fail("error: cannot read the consent log at \(database.description): \(error)", code: 1)
        }
    }

    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
        Foundation.exit(code)
    }
}
