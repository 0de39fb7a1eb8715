import Dispatch
import Foundation
import Testing
@testable import DevServer

@Suite("Builds off the cooperative pool")
struct BuildQueueTests {
    /// More builds waiting at once than the pool has threads. Had they blocked threads of the pool,
    /// nothing else could run on it until they gave up; here a task on the pool lets them finish.
    @Test(.timeLimit(.minutes(1)))
    func waitingBuildsLeaveThePoolToOtherTasks() async {
        let queue = BuildQueue()
        let release = DispatchSemaphore(value: 0)
        let count = ProcessInfo.processInfo.activeProcessorCount + 1
        let builds = (0..<count).map { _ in
            Task { await queue.run { release.wait(timeout: .now() + 30) == .success } }
        }
        Task { for _ in 0..<count { release.signal() } }
        var released = 0
        for build in builds where await build.value { released += 1 }
        #expect(released == count, "\(count - released) of \(count) builds waited 30 s: no other task ran on the pool meanwhile")
    }
}
