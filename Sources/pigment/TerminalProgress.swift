import Foundation
import Synchronization

/// A build's progress on a terminal: silent for the first second (most builds end sooner), then one
/// line on stderr, redrawn ten times a second, naming the stage running and the time so far; erased
/// when the build ends, so only the diagnostics and the summary stay. Off when stderr is not a
/// terminal (CI logs, pipes): there, nothing but diagnostics and the summary line.
final class TerminalProgress: Sendable {
    private struct State {
        var stage = ""
        var stages = 0
        var shown = false
        var finished = false
    }

    private let state = Mutex(State())
    private let started = Date()
    /// `building: ` before a build's stage.
    private let label: String
    /// A second; `PIGMENT_PROGRESS_DELAY` (seconds) changes it, so a test can see the line on a small site.
    static let delay: TimeInterval = ProcessInfo.processInfo.environment["PIGMENT_PROGRESS_DELAY"].flatMap(TimeInterval.init) ?? 1

    /// A progress line for stderr, or nil when stderr is not a terminal.
    static func onTerminal(label: String = "building: ") -> TerminalProgress? {
        isatty(STDERR_FILENO) == 1 ? TerminalProgress(label: label) : nil
    }

    private init(label: String) {
        self.label = label
        Thread.detachNewThread { [self] in
            Thread.sleep(forTimeInterval: Self.delay)
            while draw() { Thread.sleep(forTimeInterval: 0.1) }
        }
    }

    /// What the build calls as each stage begins.
    var stageBegan: @Sendable (String) -> Void {
        { [self] stage in state.withLock { $0.stage = "stage \($0.stages + 1), " + stage; $0.stages += 1 } }
    }

    /// What a long task other than a build calls as it goes (`checking external links: 12/40`).
    func show(_ text: String) {
        state.withLock { $0.stage = text; $0.stages += 1 }
    }

    /// Draws the line; false once the build has finished. Under the lock, so `finish` erases after any drawing.
    private func draw() -> Bool {
        state.withLock { state in
            guard !state.finished else { return false }
            guard state.stages > 0 else { return true }
            state.shown = true
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            FileHandle.standardError.write(Data("\r\u{1B}[K\(label)\(state.stage) (\(seconds) s)".utf8))
            return true
        }
    }

    /// Stops drawing and erases the line, before the diagnostics and the summary are printed.
    func finish() {
        state.withLock { state in
            state.finished = true
            if state.shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        }
    }
}
