import Foundation
import Testing
@testable import DevServer

/// How `pigment serve` watches where the kernel cannot be asked (macOS); on Linux it asks inotify.
@Suite("Polling watcher")
struct PollingSessionTests {
    @Test(.timeLimit(.minutes(1)))
    func reportsAnEditedFileButNotEditorLeftoversAndEndsWhenStopped() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pigment-polling-\(UUID().uuidString)")
            .resolvingSymlinksInPath()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("page.md")
        try Data("one".utf8).write(to: page)

        let session = PollingSession(directories: [folder])
        let (batches, continuation) = AsyncStream<Set<String>>.makeStream()
        Thread { session.run { continuation.yield($0) }; continuation.finish() }.start()
        try await Task.sleep(for: .milliseconds(300))  // its first look, which later ones are compared with

        // Leftovers first: had they been reported, they would come in the first batch.
        try Data().write(to: folder.appendingPathComponent(".page.md.swp"))
        try Data().write(to: folder.appendingPathComponent("page.md~"))
        try Data("two".utf8).write(to: page)
        // A time of its own, so a coarse clock cannot hide the edit.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: page.path)

        var iterator = batches.makeAsyncIterator()
        #expect(await iterator.next() == [page.path])
        session.stop()
        #expect(await iterator.next() == nil, "the session's run ends once stopped")
    }
}
