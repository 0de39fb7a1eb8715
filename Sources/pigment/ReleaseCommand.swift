import ArgumentParser
import Foundation
import PigmentModel
import SiteBuilder

struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Archive the current version of each legal page into Content/_versions/, to commit with the change.",
        discussion: """
            Every archived version stays online at <page>/v/<version>/, with a page showing what changed \
            from the version before. A page's version is its 'updated' date (or an explicit 'version'). \
            Exits 1 when the site does not build, or when a page's text changed but its version did not.
            """
    )

    @OptionGroup var site: SiteOptions

    func run() throws {
        let options = site.buildOptions(output: nil)
        let outcome: PolicyRelease.Outcome
        do {
            outcome = try PolicyRelease.run(options)
        } catch {
            BuildReporting.printFailure(error, root: options.root)
            throw ExitCode(1)
        }
        // Only the warnings release is about; the "not released yet" ones are what it just fixed.
        let editedWarnings = outcome.report.editedWithoutNewVersionWarnings
        BuildReporting.printDiagnostics(editedWarnings, DiagnosticFormatter(root: options.root))
        for path in outcome.written { print("Released \(path)") }
        // A page without a version is not "already released": name it, or the writer believes it is kept.
        let skipped = outcome.report.unversionedWarnings.map(\.location.file)
        for path in skipped { print("Skipped \(path): it has no 'updated' date (or 'version'), so it has no version to release") }
        if outcome.written.isEmpty && editedWarnings.isEmpty {
            print(skipped.isEmpty ? "Every legal page's current version is already released."
                                  : "Every other legal page's current version is already released.")
        }
        if !editedWarnings.isEmpty { throw ExitCode(1) }
    }
}
