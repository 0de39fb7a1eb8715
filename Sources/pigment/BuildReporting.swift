import Foundation
import DevServer
import PigmentModel
import SiteBuilder

/// Runs a build and prints what it found the way compilers do: diagnostics on stderr, a summary on stdout.
enum BuildReporting {
    /// Returns whether the build succeeded.
    @discardableResult
    static func run(_ options: BuildOptions, showTimings: Bool, verb: String, liveReload: LiveReload? = nil) -> Bool {
        let formatter = DiagnosticFormatter(root: options.root)
        let started = Date()
        do {
            let report = try buildSite(options)
            let seconds = Date().timeIntervalSince(started)
            // Open tabs reload first: printing a site's warnings must not hold them up.
            liveReload?.publish(.succeeded(changed: report.changedFiles))
            printDiagnostics(report.diagnostics, formatter)
            let destination = options.output.map { " → \(relative($0.path))" } ?? ""
            let changes = options.cache != nil
                ? " (\(report.renderedPageCount) rendered, \(report.changedFiles.count) file\(report.changedFiles.count == 1 ? "" : "s") changed)" : ""
            print("\(verb) \(report.pageCount) pages, \(report.fileCount) files in \(String(format: "%.2f", seconds)) s\(destination)"
                  + changes + warningSummary(report.diagnostics))
            if showTimings { printTimings(report.timings) }
            fflush(nil)
            return true
        } catch {
            printDiagnostics(error.diagnostics, formatter)
            // With their excerpts and carets, as the terminal shows them.
            liveReload?.publish(.failed(error.errors.map(formatter.format)))
            let errors = error.errors.count
            FileHandle.standardError.write(Data("build failed: \(errors) error\(errors == 1 ? "" : "s")\(warningSummary(error.diagnostics))\(options.output != nil ? "; the previous output was left untouched" : "")\n".utf8))
            return false
        }
    }

    /// A failure's diagnostics with source excerpts, then the count of errors.
    static func printFailure(_ failure: BuildFailure, root: URL) {
        printDiagnostics(failure.diagnostics, DiagnosticFormatter(root: root))
        let errors = failure.errors.count
        FileHandle.standardError.write(Data("failed: \(errors) error\(errors == 1 ? "" : "s")\n".utf8))
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic], _ formatter: DiagnosticFormatter) {
        guard !diagnostics.isEmpty else { return }
        FileHandle.standardError.write(Data(formatter.format(diagnostics).utf8))
    }

    private static func warningSummary(_ diagnostics: [Diagnostic]) -> String {
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        return warnings == 0 ? "" : ", \(warnings) warning\(warnings == 1 ? "" : "s")"
    }

    private static func printTimings(_ timings: [StageTiming]) {
        for timing in timings {
            print(String(format: "  %8.1f ms  %@", timing.seconds * 1000, timing.stage))
        }
    }

    private static func relative(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }
}
