import PigmentModel
import Synchronization

/// What `pigment serve` prints after a rebuild: every error, and only the warnings the last build did
/// not have, the way Hugo's rebuilds report what the rebuild found. Reprinted in full after every save,
/// a site's 1,979 warnings were 470 KB of output and a fifth of `serve`'s CPU (10,000-page bench corpus,
/// 2026-12-01), and the warning the writer had just caused scrolled away among them.
///
/// A warning counts as the same when its message, hint and place are: one that moved (a line added above
/// it) is shown again, at its new line. One that went away and came back is shown again.
public final class RepeatedWarnings: Sendable {
    private let lastBuild = Mutex<Set<Diagnostic>?>(nil)

    public init() {}

    /// The diagnostics of this build to print, in their order, and how many warnings were left out because
    /// the last build (successful or not) had them too. The first build prints everything.
    public func toPrint(_ diagnostics: [Diagnostic]) -> (shown: [Diagnostic], repeated: Int) {
        let warnings = Set(diagnostics.lazy.filter { $0.severity == .warning })
        let before = lastBuild.withLock { last in
            defer { last = warnings }
            return last
        }
        guard let before else { return (diagnostics, 0) }
        let shown = diagnostics.filter { $0.severity == .error || !before.contains($0) }
        return (shown, diagnostics.count - shown.count)
    }
}
