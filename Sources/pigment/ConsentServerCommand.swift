import ArgumentParser
import ConsentServer
import DevServer
import Foundation
import Logging
import PigmentModel
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

    @Option(help: "Where records go: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/DATABASE[?sslmode=require] for several servers sharing one log (default: $PIGMENT_DATABASE_URL, else sqlite:consents.sqlite).")
    var database: String?

    @Option(name: .customLong("site-root"), help: "The site root whose Content/data/consent.yml defines the categories.")
    var siteRoot = "."

    @Option(name: .customLong("site-origin"), help: "The site's origin (https://pigmentstudio.com); browsers from other origins are refused.")
    var siteOrigin: String?

    @Option(name: .customLong("allowed-origin"),
            help: "Another origin whose pages may call the API, e.g. a site on a CDN (https://www.example.com); repeatable.")
    var allowedOrigins: [String] = []

    @Option(name: .customLong("cookie-domain"),
            help: "The choice cookie's Domain (example.com), so pages on www.example.com read what the API on consent.example.com sets (default: host-only).")
    var cookieDomain: String?

    @Option(name: .customLong("events-database"),
            help: "Where analytics events go, counted only for visitors the log says opted in: sqlite:PATH, or the log's own PostgreSQL database (default: the log's PostgreSQL database; beside a SQLite log, NAME-events.sqlite).")
    var eventsDatabase: String?

    @Option(name: .customLong("serve-site"), help: "Also serve this built site folder (e.g. _site).")
    var serveSite: String?

    @Option(name: .customLong("rate-limit"), help: "Consent posts a client may make per minute (0: no limit).")
    var rateLimit = 60

    @Option(name: .customLong("event-rate-limit"),
            help: "Analytics events one visitor (consent id) may send per minute, in bursts of half that (0: no limit).")
    var eventRateLimit = AnalyticsCollection.defaultEventsPerMinute

    /// For Tests/bench/bench.py only: `POST /api/bench/empty` answers 204 with no work, the stack's own cost.
    @Flag(name: .customLong("bench-empty-route"), help: .hidden)
    var benchEmptyRoute = false

    @Option(name: .customLong("retention-months"), help: "Delete records older than this, at start-up and daily.")
    var retentionMonths = 24

    /// A loop per core: the loops also run the request handlers (`TasksOnEventLoops`), and on
    /// 2 cores 2 loops handled 1.8 times the events a second that 1 did (bench.py's api part).
    @Option(name: .customLong("event-loops"), help: "Threads reading sockets and running the handlers (default: one per core).")
    var eventLoops = max(1, ProcessInfo.processInfo.activeProcessorCount)

    @Option(name: .customLong("admin-token-file"),
            help: "File holding the bearer token for /admin/, mode 600, at least 32 bytes (else $PIGMENT_ADMIN_TOKEN; without either, /admin/ refuses everyone).")
    var adminTokenFile: String?

    @Option(name: .customLong("header-timeout"), help: "Seconds a client has to send a request's header (nginx: 60).")
    var headerTimeout = 60.0

    @Option(name: .customLong("body-timeout"), help: "Seconds a client has to send a request's body once its header is in.")
    var bodyTimeout = 60.0

    @Option(name: .customLong("idle-timeout"), help: "Seconds an idle keep-alive connection stays open (nginx: 75).")
    var idleTimeout = 75.0

    func validate() throws {
        _ = try origins()
        if let cookieDomain {
            do { _ = try CookieDomain.parse(cookieDomain) } catch { throw ValidationError("--cookie-domain: \(error)") }
        }
        guard eventRateLimit >= 0 else { throw ValidationError("--event-rate-limit must be 0 (no limit) or more") }
        guard eventLoops >= 1 else { throw ValidationError("--event-loops must be at least 1") }
        for (name, value) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout)] {
            guard value > 0, value <= 3600 else { throw ValidationError("\(name) must be between 0 and 3600 seconds") }
        }
    }

    func run() async throws {
        // First, before anything starts NIO's shared group: its size is fixed when it starts.
        TasksOnEventLoops.install(loops: eventLoops)
        let registry = try ConsentStartup.registry(siteRoot: URL(fileURLWithPath: siteRoot))
        let token: String?
        do {
            token = try AdminToken.load(file: adminTokenFile, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(64)
        }
        // A read-only log is answered 503 until it is fixed, so the server is there when it is.
        let database = try ConsentStartup.database(database)
        let store = try await ConsentStartup.store(database, waitForWritable: true)
        let webOrigins = try origins()
        // A page on https can only call an API on https, so the cookie is marked Secure as soon as one origin is.
        let secure = ([webOrigins.site].compactMap { $0 } + webOrigins.allowed).contains { $0.hasPrefix("https://") }
        let policyVersion = try ConsentStartup.policyVersion(siteRoot: URL(fileURLWithPath: siteRoot), registry: registry)
        let configuration = ConsentAPIConfiguration(registry: registry, policyVersion: policyVersion, siteOrigin: webOrigins.site,
                                                    allowedOrigins: webOrigins.allowed,
                                                    cookieDomain: try cookieDomain.map { try CookieDomain.parse($0) }, secureCookies: secure)
        let site = serveSite.map { URL(fileURLWithPath: $0).standardizedFileURL }
        let logger = Logger(label: "pigment.consent")
        let metrics = ConsentMetrics()
        let health = StorageHealth(metrics: metrics, logger: logger)
        let retention = Task { await RetentionPolicy(months: retentionMonths).runDaily(store) { logger.info("\($0)") } }
        defer { retention.cancel() }
        let events = try ConsentStartup.eventStore(eventsDatabase, beside: database, store: store, registry: registry)
        let (analytics, collecting) = try await ConsentStartup.analytics(events: events, store: store, configuration: configuration,
                                                                          eventsPerMinute: eventRateLimit)
        defer { collecting.cancel() }
        var consentAPI = ConsentAPI(store: store, configuration: configuration, metrics: metrics, health: health,
                                    rateLimiter: RateLimiter(perMinute: rateLimit), analytics: analytics)
        consentAPI.benchEmptyRoute = benchEmptyRoute
        try await SiteServer(siteDirectory: site, host: host, port: port,
                             consentAPI: consentAPI,
                             adminAPI: AdminAPI(store: store, configuration: configuration, token: token, metrics: metrics, health: health,
                                                analytics: analytics),
                             timeouts: ConnectionTimeouts(header: .nanoseconds(Int64(headerTimeout * 1e9)), body: .nanoseconds(Int64(bodyTimeout * 1e9)),
                                                          idle: .nanoseconds(Int64(idleTimeout * 1e9))))
            .run { port in
                print("Consent API at http://\(host):\(port)/api/consent (registry \(registry.version), \(database.description))")
                fflush(nil)
            }
        // After a graceful stop, the events still queued are committed before the process ends.
        collecting.cancel()
        await collecting.value
    }

    /// `--site-origin` and each `--allowed-origin` as browsers write them; a value that is no origin is a usage error.
    private func origins() throws -> (site: String?, allowed: [String]) {
        func parse(_ value: String, option: String) throws -> String {
            do { return try WebOrigin(parsing: value).description } catch { throw ValidationError("\(option): \(error)") }
        }
        return (try siteOrigin.map { try parse($0, option: "--site-origin") }, try allowedOrigins.map { try parse($0, option: "--allowed-origin") })
    }
}
