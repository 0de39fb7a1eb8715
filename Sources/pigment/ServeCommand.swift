import ArgumentParser
import ConsentServer
import DevServer
import Foundation
import SiteBuilder

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site, serve it with the consent API on one origin, and rebuild when a file changes."
    )

    @OptionGroup var site: SiteOptions

    @Option(help: "Output folder (default: _site under the root).")
    var output: String?

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8080

    func run() async throws {
        let output = site.outputURL(output)
        // Watching starts before the first build, so an edit saved during it is not missed.
        let changes = FileWatcher(directories: ["Content", "Templates", "public"].map { site.rootURL.appendingPathComponent($0) }).changes()
        // Rebuilds redo only what a change affects, and changed files replace served ones one by one,
        // so the server never answers from a half-written site. Unless the watcher names every change
        // (inotify; not polling), each rebuild reads every file again to find what changed.
        let options = {
            var options = site.buildOptions(output: output)
            options.cache = BuildCache(changesAreReported: changes.namesEveryChange)
            return options
        }()
        let liveReload = LiveReload()
        // Builds block their thread from start to end: on a thread of their own, not the server's pool.
        let builds = BuildQueue(), timings = site.timings
        // After the first build, a warning is printed again only when it is new (see `RepeatedWarnings`).
        let repeatedWarnings = RepeatedWarnings()
        await builds.run {
            BuildReporting.run(options, showTimings: timings, verb: "Built", liveReload: liveReload, repeatedWarnings: repeatedWarnings)
        }
        // Rebuilds as soon as the watcher reports a change. A failed rebuild keeps the last good site served;
        // its errors are printed, as on the first build, and shown in open tabs.
        Task {
            for await changed in changes.batches {
                options.cache?.filesChanged(changed)
                await builds.run {
                    BuildReporting.run(options, showTimings: timings, verb: "Rebuilt", liveReload: liveReload, repeatedWarnings: repeatedWarnings)
                }
            }
        }
        // Consents made while previewing go to a local file, never to production. A site without a
        // consent registry is served without the API.
        var api: ConsentAPI?
        var collecting: Task<Void, Never>?
        if FileManager.default.fileExists(atPath: options.root.appendingPathComponent("Content/data/consent.yml").path) {
            let registry = try ConsentStartup.registry(siteRoot: options.root)
            let store = try await ConsentStartup.store(.sqlite(path: options.root.appendingPathComponent(".pigment/consents.sqlite").path))
            let policyVersion = try ConsentStartup.policyVersion(siteRoot: options.root, registry: registry)
            let configuration = ConsentAPIConfiguration(registry: registry, policyVersion: policyVersion)
            let (analytics, running) = try await ConsentStartup.analytics(
                events: ConsentStartup.sqliteEvents(options.root.appendingPathComponent(".pigment/events.sqlite").path), store: store,
                configuration: configuration)
            collecting = running
            api = ConsentAPI(store: store, configuration: configuration, analytics: analytics)
        }
        defer { collecting?.cancel() }
        try await SiteServer(siteDirectory: output, host: host, port: port, consentAPI: api, liveReload: liveReload).run { port in
            print("Serving \(output.lastPathComponent) at http://\(host):\(port)/ (Ctrl-C stops)")
            fflush(nil) // a pipe would otherwise hold the line back from whoever waits for it
        }
    }
}
