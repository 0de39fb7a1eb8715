import ConsentServer
import Foundation
import Hummingbird
import NIOPosix

/// Serves a built site folder over HTTP the way a static host would (pretty URLs through each
/// folder's `index.html`, the site's own `404.html` for anything missing), and the consent API.
public struct SiteServer: Sendable {
    public var siteDirectory: URL?
    public var host: String
    public var port: Int
    /// The consent API, mounted beside the files so the site and the API share one origin.
    public var consentAPI: ConsentAPI?
    /// The auditor's endpoints (`/admin/…`), only in deployment.
    public var adminAPI: AdminAPI?
    /// `pigment serve` only: pages get the live-reload script, and tabs hear of each rebuild.
    public var liveReload: LiveReload?
    /// Threads for socket reads and writes; nil for NIO's shared group (one per core).
    public var eventLoopThreads: Int?
    /// How long a slow or idle client may hold a connection.
    public var timeouts: ConnectionTimeouts

    public init(siteDirectory: URL?, host: String = "127.0.0.1", port: Int = 8080, consentAPI: ConsentAPI? = nil, adminAPI: AdminAPI? = nil,
                liveReload: LiveReload? = nil, eventLoopThreads: Int? = nil, timeouts: ConnectionTimeouts = ConnectionTimeouts()) {
        self.liveReload = liveReload
        self.timeouts = timeouts
        self.eventLoopThreads = eventLoopThreads
        self.siteDirectory = siteDirectory
        self.host = host
        self.port = port
        self.consentAPI = consentAPI
        self.adminAPI = adminAPI
    }

    /// Runs until the process is interrupted; `onReady` gets the port actually bound (useful with port 0).
    public func run(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router(context: ConsentRequestContext.self)
        if let siteDirectory {
            if let liveReload { router.add(middleware: BuildErrorPage(liveReload: liveReload)) }
            router.add(middleware: NotFoundPageMiddleware(siteDirectory: siteDirectory))
            if liveReload != nil { router.add(middleware: LiveReloadInjection(siteDirectory: siteDirectory)) }
            router.add(middleware: FileMiddleware(siteDirectory.path, searchForIndexHtml: true))
        }
        liveReload?.add(to: router)
        consentAPI?.add(to: router)
        adminAPI?.add(to: router)
        let timeouts = timeouts
        let app = Application(
            router: router,
            server: .http1(timeouts: timeouts),
            configuration: .init(address: .hostname(host, port: port), serverName: "pigment"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
            // A group of our own lives as long as the process, like NIO's shared one.
            eventLoopGroupProvider: eventLoopThreads.map { .shared(MultiThreadedEventLoopGroup(numberOfThreads: $0)) } ?? .singleton
        )
        try await app.runService()
    }
}

/// The consent API as this server mounts it.
public typealias ConsentAPI = ConsentRoutes
public typealias AdminAPI = AdminRoutes
