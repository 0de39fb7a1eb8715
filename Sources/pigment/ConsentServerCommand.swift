import ArgumentParser
import ConsentServer
import DevServer
import Foundation
import Logging
import SiteBuilder

struct ConsentServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent-server",
        abstract: "Run the consent API (and optionally serve a built site) for deployment."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8081

    @Option(help: "Where records go: sqlite:PATH.")
    var database = "sqlite:consents.sqlite"

    @Option(name: .customLong("site-root"), help: "The site root whose Content/data/consent.yml defines the categories.")
    var siteRoot = "."

    @Option(name: .customLong("site-origin"), help: "The site's origin (https://pigmentstudio.com); browsers from other origins are refused.")
    var siteOrigin: String?

    @Option(name: .customLong("serve-site"), help: "Also serve this built site folder (e.g. _site).")
    var serveSite: String?

    @Option(name: .customLong("rate-limit"), help: "Consent posts a client may make per minute (0: no limit).")
    var rateLimit = 60

    @Option(name: .customLong("retention-months"), help: "Delete records older than this, at start-up and daily.")
    var retentionMonths = 24

    /// Requests are handled on Swift's task pool (a thread per core) and committed on the SQLite writer's
    /// thread, so a loop per core oversubscribes the machine: on 2 cores, 1 loop gave about 18% more
    /// requests a second and a lower p99 than 2 (wrk -c32, Tests/bench/bench.py's body).
    @Option(name: .customLong("event-loops"), help: "Threads reading and writing sockets (default: half the cores, at least 1).")
    var eventLoops = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)

    @Option(name: .customLong("admin-token-file"),
            help: "File holding the bearer token for /admin/ (else $PIGMENT_ADMIN_TOKEN; without either, /admin/ refuses everyone).")
    var adminTokenFile: String?

    func validate() throws {
        guard eventLoops >= 1 else { throw ValidationError("--event-loops must be at least 1") }
    }

    func run() async throws {
        let registry = try ConsentStartup.registry(siteRoot: URL(fileURLWithPath: siteRoot))
        let store = try ConsentStartup.store(database)
        let secure = siteOrigin?.hasPrefix("https://") ?? false
        let configuration = ConsentAPIConfiguration(registry: registry, siteOrigin: siteOrigin, secureCookies: secure)
        let site = serveSite.map { URL(fileURLWithPath: $0).standardizedFileURL }
        let logger = Logger(label: "pigment.consent")
        let retention = Task { await RetentionPolicy(months: retentionMonths).runDaily(store) { logger.info("\($0)") } }
        defer { retention.cancel() }
        try await SiteServer(siteDirectory: site, host: host, port: port,
                             consentAPI: ConsentAPI(store: store, configuration: configuration, rateLimiter: RateLimiter(perMinute: rateLimit)),
                             adminAPI: AdminAPI(store: store, configuration: configuration, token: try adminToken()),
                             eventLoopThreads: eventLoops).run { port in
            print("Consent API at http://\(host):\(port)/api/consent (registry \(registry.version), \(database))")
            fflush(nil)
        }
    }
}

extension ConsentServerCommand {
    /// Kept out of the command line, where other users of the machine could read it.
    func adminToken() throws -> String? {
        if let adminTokenFile {
            return try String(contentsOfFile: adminTokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return ProcessInfo.processInfo.environment["PIGMENT_ADMIN_TOKEN"]
    }
}

/// Start-up steps shared by `consent-server` and `serve`: both fail with a clear message, not a crash.
enum ConsentStartup {
    static func registry(siteRoot: URL) throws -> ConsentRegistry {
        do {
            return try ConsentRegistry.load(siteRoot: siteRoot.standardizedFileURL)
        } catch {
            for diagnostic in error.diagnostics { FileHandle.standardError.write(Data("\(diagnostic)\n".utf8)) }
            throw ExitCode(1)
        }
    }

    /// `sqlite:PATH`; PostgreSQL arrives with its own store.
    static func store(_ database: String) throws -> any ConsentStore {
        guard database.hasPrefix("sqlite:") else {
            FileHandle.standardError.write(Data("error: --database must be sqlite:PATH (PostgreSQL is not supported yet)\n".utf8))
            throw ExitCode(64)
        }
        let path = String(database.dropFirst("sqlite:".count))
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return GroupCommitStore(try SQLiteConsentStore(path: path))
    }
}
