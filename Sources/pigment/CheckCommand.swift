import ArgumentParser
import Foundation
import SiteBuilder

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify everything a build verifies (front matter, templates, links, anchors) without writing output.",
        discussion: "With --external, also ask every http(s) link of the pages, data files and templates whether it still answers (see the README's \"External links\")."
    )

    @OptionGroup var site: SiteOptions

    @Flag(help: "Also check external http(s) links: each failure a warning (an error with --strict).")
    var external = false

    @Option(help: "With --external: skip addresses matching PATTERN (shell wildcards over the whole address, else a prefix). Repeatable.")
    var exclude: [String] = []

    @Option(name: .customLong("cache-hours"), help: "With --external: how long an address that answered is not asked again (.pigment/external-links.json; 0: always ask).")
    var cacheHours: Double = 24

    @Option(name: .customLong("external-timeout"), help: "With --external: seconds each request may take.")
    var externalTimeout: Double = 10

    func validate() throws {
        guard cacheHours >= 0, externalTimeout > 0 else { throw ValidationError("--cache-hours must be 0 or more and --external-timeout more than 0") }
    }

    func run() async throws {
        let format = site.diagnosticsFormat
        let succeeded = nil != BuildReporting.run(site.buildOptions(output: nil), showTimings: site.timings, verb: "Checked", format: format, showProgress: true)
        var externalErrors = false
        if external {
            var checker = ExternalLinkChecker()
            checker.timeout = externalTimeout
            let progress = format == .json ? nil : TerminalProgress.onTerminal(label: "checking external links: ")
            let report = await ExternalLinkReport.run(root: site.rootURL, checker: checker, excluding: exclude, strict: site.strict,
                                                      cacheLifetime: cacheHours * 3600) { done, total in progress?.show("\(done)/\(total)") }
            progress?.finish()
            BuildReporting.printExternal(report, root: site.rootURL, format: format)
            externalErrors = report.diagnostics.contains { $0.severity == .error }
        }
        if !succeeded || externalErrors { throw ExitCode(1) }
    }
}
