import ArgumentParser
import Foundation
import SiteBuilder

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Render Content/ through Templates/ into a static site.",
        discussion: "Exits 1 with every error listed; a failed build leaves the previous output untouched."
    )

    @OptionGroup var site: SiteOptions

    @Option(help: "Output folder (default: _site under the root).")
    var output: String?

    @Option(help: "After a successful build, write FILE: every output file's path, size and SHA-256, and whether it was added, changed, unchanged or removed (for an upload step).")
    var manifest: String?

    func validate() throws {
        guard let manifest else { return }
        let folder = site.outputURL(output).path + "/"
        if URL(fileURLWithPath: manifest).standardizedFileURL.path.hasPrefix(folder) {
            throw ValidationError("--manifest \(manifest) is inside the output folder, which the next build would clean: put it beside it")
        }
    }

    func run() throws {
        let destination = site.outputURL(output)
        let before = manifest.map { _ in PublishManifest.filesBefore(destination) }
        guard let report = BuildReporting.run(site.buildOptions(output: destination), showTimings: site.timings, verb: "Built",
                                              format: site.diagnosticsFormat, showProgress: true) else { throw ExitCode(1) }
        if let manifest, let before {
            let text = try PublishManifest.after(destination, before: before, changed: report.changedFiles).json
            try Data(text.utf8).write(to: URL(fileURLWithPath: manifest), options: .atomic)
        }
    }
}
