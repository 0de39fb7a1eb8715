import ConsentServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing

/// Concurrent clients against the real `pigment consent-server` and a real SQLite file.
/// Bounded in count and time; loopback only.
@Suite("Consent server under load")
struct ConsentLoadTests {
    static func site() throws -> ScratchSite { try ScratchSite(["Content/data/consent.yml": ConsentServerCommandTests.registry]) }

    /// Answers received so far, shared between the workers and the test.
    final class Progress: Sendable {
        let created = Atomic<Int>(0)
    }

    /// Posts `count` choices from `connections` concurrent workers; returns how many got 201.
    static func post(to base: URL, count: Int, connections: Int, progress: Progress = Progress()) async -> Int {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 10
        let session = URLSession(configuration: configuration)
        return await withTaskGroup(of: Int.self) { group in
            for worker in 0..<connections {
                group.addTask {
                    var created = 0
                    for index in stride(from: worker, to: count, by: connections) {
                        var request = URLRequest(url: base.appendingPathComponent("api/consent"))
                        request.httpMethod = "POST"
                        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
                        request.httpBody = Data(#"{"choices": {"analytics": \#(index % 2 == 0)}, "page": "/"}"#.utf8)
                        if let (_, response) = try? await session.data(for: request), (response as? HTTPURLResponse)?.statusCode == 201 {
                            created += 1
                            progress.created.add(1, ordering: .relaxed)
                        }
                    }
                    return created
                }
            }
            return await group.reduce(0, +)
        }
    }

    @Test func concurrentPostsLoseNoRecord() async throws {
        let site = try Self.site()
        defer { site.remove() }
        let path = site.root.appendingPathComponent("consents.sqlite").path
        let server = try ServerProcess(arguments: ["consent-server", "--port", "0", "--site-root", site.root.path, "--database", "sqlite:" + path, "--rate-limit", "0"])
        let base = try await server.waitForURL()
        let created = await Self.post(to: base, count: 400, connections: 8)
        server.stop()
        #expect(created == 400)
        #expect(try await SQLiteConsentStore(path: path).count() == created)
    }

    @Test func sigtermFinishesRequestsInFlightAndEveryAnswered201IsStored() async throws {
        let site = try Self.site()
        defer { site.remove() }
        let path = site.root.appendingPathComponent("consents.sqlite").path
        let server = try ServerProcess(arguments: ["consent-server", "--port", "0", "--site-root", site.root.path, "--database", "sqlite:" + path, "--rate-limit", "0"])
        let base = try await server.waitForURL()
        let progress = Progress()
        async let created = Self.post(to: base, count: 3000, connections: 8, progress: progress)
        // Stop the server in the middle of the load (bounded wait: 10 s at most).
        for _ in 0..<1000 where progress.created.load(ordering: .relaxed) < 100 { try await Task.sleep(for: .milliseconds(10)) }
        let status = server.terminate()
        let answered = await created
        #expect(status == 0, "a graceful shutdown exits cleanly")
        #expect(answered >= 100 && answered < 3000, "the server stopped in the middle of the load (\(answered) answered)")
        #expect(try await SQLiteConsentStore(path: path).count() == answered, "every 201 is in the database, and nothing else")
    }
}
