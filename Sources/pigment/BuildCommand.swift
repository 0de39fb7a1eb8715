import ArgumentParser

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Render Content/ through Templates/ into a static site.",
        discussion: "Exits 1 with every error listed; a failed build leaves the previous output untouched."
    )

    @OptionGroup var site: SiteOptions

    @Option(help: "Output folder (default: _site under the root).")
    var output: String?

    func run() throws {
        let succeeded = BuildReporting.run(site.buildOptions(output: site.outputURL(output)), showTimings: site.timings, verb: "Built", format: site.diagnosticsFormat)
        if !succeeded { throw ExitCode(1) }
    }
}
