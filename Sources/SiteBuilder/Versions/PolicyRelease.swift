import Foundation
import PigmentModel

/// `pigment release`: archives the current version of every legal page that is not archived yet,
/// so it stays online at `<page>/v/<version>/` after the next change. Runs a full check first:
/// only a site that builds is released. Never overwrites a released version.
public enum PolicyRelease {
    public struct Outcome: Sendable {
        /// `Content/_versions/legal/privacy/2026-11-25.html`, one per archived version.
        public var written: [String]
        public var report: BuildReport
    }

    public static func run(_ options: BuildOptions) throws(BuildFailure) -> Outcome {
        var checkOptions = options
        checkOptions.output = nil
        checkOptions.warningsAreErrors = false
        let report = try buildSite(checkOptions)
        var written: [String] = []
        for (contentPath, version) in report.unreleasedVersions {
            let relative = PolicyArchive.relativePath(for: contentPath, version: version.version)
            let file = options.contentDirectory.appendingPathComponent(relative)
            do {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(PolicyArchive.fileText(of: version).utf8).write(to: file, options: .atomic)
            } catch {
                throw BuildFailure(diagnostics: [.error("cannot write the archived version: \(ContentLoader.reason(error))",
                                                        at: SourceLocation(file: "Content/" + relative))])
            }
            written.append("Content/" + relative)
        }
        return Outcome(written: written, report: report)
    }
}
