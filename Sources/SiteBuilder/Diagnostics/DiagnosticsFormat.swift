import Foundation
import PigmentModel

/// How `build` and `check` print what they found: `text` for people (compiler-style lines with an
/// excerpt and a caret, on stderr), `json` for programs (one object per line on stdout, then a
/// summary), `github` for GitHub Actions (workflow commands, so each problem shows on its line of
/// the change). Every format carries the same diagnostics.
public enum DiagnosticsFormat: String, Sendable, CaseIterable {
    case text, json, github

    /// The chosen format, else `github` inside GitHub Actions (`GITHUB_ACTIONS=true`), else `text`.
    public static func resolved(_ chosen: DiagnosticsFormat?, environment: [String: String] = ProcessInfo.processInfo.environment) -> DiagnosticsFormat {
        chosen ?? (environment["GITHUB_ACTIONS"] == "true" ? .github : .text)
    }
}

/// What a build or check came to, for the formats' summaries.
public struct DiagnosticsSummary: Sendable, Equatable, Encodable {
    public var succeeded: Bool
    public var errors: Int
    public var warnings: Int
    /// Pages and files of a successful build (nil after a failure).
    public var pages: Int?
    public var files: Int?
    public var seconds: Double

    public init(succeeded: Bool, diagnostics: [Diagnostic], pages: Int?, files: Int?, seconds: Double) {
        self.succeeded = succeeded
        errors = diagnostics.filter { $0.severity == .error }.count
        warnings = diagnostics.filter { $0.severity == .warning }.count
        self.pages = pages
        self.files = files
        self.seconds = (seconds * 1000).rounded() / 1000
    }
}
