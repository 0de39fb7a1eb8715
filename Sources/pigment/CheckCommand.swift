import ArgumentParser

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify everything a build verifies (front matter, templates, links, anchors) without writing output."
    )

    @OptionGroup var site: SiteOptions

    func run() throws {
        let succeeded = nil != BuildReporting.run(site.buildOptions(output: nil), showTimings: site.timings, verb: "Checked", format: site.diagnosticsFormat, showProgress: true)
        if !succeeded { throw ExitCode(1) }
    }
}
