import Foundation
import DevServer
import PigmentModel
import SiteBuilder

/// Runs a build and prints what it found the way compilers do: diagnostics on stderr, a summary on stdout.
enum BuildReporting {
    /// Returns the build's report, or nil when it failed.
    @discardableResult
    static func run(_ options: BuildOptions, showTimings: Bool, verb: String, format: DiagnosticsFormat = .text,
                    showProgress: Bool = false, liveReload: LiveReload? = nil, repeatedWarnings: RepeatedWarnings? = nil) -> BuildReport? {
        let formatter = DiagnosticFormatter(root: options.root)
        let started = Date()
        var options = options
        let progress = showProgress && format != .json ? TerminalProgress.onTerminal() : nil
        options.progress = progress?.stageBegan
        do {
            let report = try buildSite(options)
            progress?.finish()
            let seconds = Date().timeIntervalSince(started)
            // Open tabs reload first: printing a site's warnings must not hold them up.
            liveReload?.publish(.succeeded(changed: report.changedFiles))
            let summary = DiagnosticsSummary(succeeded: true, diagnostics: report.diagnostics, pages: report.pageCount, files: report.fileCount, seconds: seconds)
            if format == .json {
                print(JSONDiagnostics.lines(report.diagnostics, summary: summary), terminator: "")
                fflush(nil)
                return report
            }
            let (shown, repeated) = repeatedWarnings?.toPrint(report.diagnostics) ?? (report.diagnostics, 0)
            printDiagnostics(shown, formatter, format: format)
            let destination = options.output.map { " → \(relative($0.path))" } ?? ""
            // A rebuild says what it redid; a build, how many files it wrote or removed (0 for an unchanged site).
            let changes = options.cache != nil
                ? " (\(report.renderedPageCount) rendered, \(report.changedFiles.count) file\(report.changedFiles.count == 1 ? "" : "s") changed)"
                : options.output != nil ? " (\(report.changedFiles.count) changed)" : ""
            print("\(verb) \(report.pageCount) pages, \(report.fileCount) files\(options.cache == nil ? changes : "") in \(String(format: "%.2f", seconds)) s\(destination)"
                  + (options.cache != nil ? changes : "") + "; " + counts(report.diagnostics, repeated: repeated))
            if showTimings { printTimings(report.timings) }
            fflush(nil)
            return report
        } catch {
            progress?.finish()
            // With their excerpts and carets, as the terminal shows them.
            liveReload?.publish(.failed(error.errors.map(formatter.format)))
            if format == .json {
                let summary = DiagnosticsSummary(succeeded: false, diagnostics: error.diagnostics, pages: nil, files: nil,
                                                 seconds: Date().timeIntervalSince(started))
                print(JSONDiagnostics.lines(error.diagnostics, summary: summary), terminator: "")
                fflush(nil)
                return nil
            }
            let (shown, _) = repeatedWarnings?.toPrint(error.diagnostics) ?? (error.diagnostics, 0)
            printDiagnostics(shown, formatter, format: format)
            let errors = error.errors.count
            let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data("build failed: \(errors) error\(errors == 1 ? "" : "s")\(warningSummary(error.diagnostics))\(options.output != nil ? "; the previous output was left untouched" : "") (\(seconds) s)\n".utf8))
            return nil
        }
    }

    /// A failure's diagnostics with source excerpts, then the count of errors.
    static func printFailure(_ failure: BuildFailure, root: URL) {
        printDiagnostics(failure.diagnostics, DiagnosticFormatter(root: root))
        let errors = failure.errors.count
        FileHandle.standardError.write(Data("failed: \(errors) error\(errors == 1 ? "" : "s")\n".utf8))
    }

    /// Text on stderr; GitHub's workflow commands on stdout, where the runner reads them.
    static func printDiagnostics(_ diagnostics: [Diagnostic], _ formatter: DiagnosticFormatter, format: DiagnosticsFormat = .text) {
        guard !diagnostics.isEmpty else { return }
        switch format {
        case .github:
            let prefix = GitHubWorkflowCommands.pathPrefix(root: formatter.root, workspace: ProcessInfo.processInfo.environment["GITHUB_WORKSPACE"])
            print(GitHubWorkflowCommands.lines(diagnostics, pathPrefix: prefix), terminator: "")
            fflush(nil)
        case .text, .json:
            FileHandle.standardError.write(Data(formatter.format(diagnostics).utf8))
        }
    }

    /// `check --external`'s findings in the chosen format, then its summary line.
    static func printExternal(_ report: ExternalLinkReport, root: URL, format: DiagnosticsFormat) {
        let errors = report.diagnostics.filter { $0.severity == .error }.count
        let warnings = report.diagnostics.count - errors
        if format == .json {
            let summary = DiagnosticsSummary(succeeded: errors == 0, diagnostics: report.diagnostics, pages: nil, files: nil, seconds: report.seconds)
            print(JSONDiagnostics.lines(report.diagnostics, summary: summary), terminator: "")
        } else {
            printDiagnostics(report.diagnostics, DiagnosticFormatter(root: root), format: format)
            print("Checked \(report.checked) external link\(report.checked == 1 ? "" : "s") (\(report.fromCache) from the cache) in "
                  + "\(String(format: "%.2f", report.seconds)) s; \(warnings) warning\(warnings == 1 ? "" : "s"), \(errors) error\(errors == 1 ? "" : "s")")
        }
        fflush(nil)
    }

    /// `1 warning, 0 errors`: a successful build's last words, both counts always said; a rebuild adds how
    /// many of its warnings it did not print again (`RepeatedWarnings`).
    private static func counts(_ diagnostics: [Diagnostic], repeated: Int) -> String {
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let unprinted = repeated == 0 ? "" : " (\(repeated) as before, not repeated)"
        return "\(warnings) warning\(warnings == 1 ? "" : "s")\(unprinted), 0 errors"
    }

    private static func warningSummary(_ diagnostics: [Diagnostic]) -> String {
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return warnings == 0 ? "" : ", \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    private static func printTimings(_ timings: [StageTiming]) {
        for timing in timings {
            print(String(format: "  %8.1f ms  %4.2f cores  %@", timing.seconds * 1000, timing.busyCores, timing.stage))
        }
    }

    private static func relative(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }
}
