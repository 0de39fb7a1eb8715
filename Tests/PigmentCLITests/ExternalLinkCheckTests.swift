import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Synchronization
import Testing

/// `pigment check --external` against HTTP servers on loopback that answer each way the world does.
@Suite("pigment check --external")
struct ExternalLinkCheckTests {
    final class Counters: Sendable {
        let requests = Mutex<[String: Int]>([:])
        let inFlight = Mutex(0)
        let mostInFlight = Mutex(0)
        func count(_ path: String) -> Int { requests.withLock { $0[path, default: 0] } }
    }

    /// A server on an ephemeral loopback port for the test's life.
    static func withServer(_ body: @Sendable (Int, Counters) async throws -> Void) async throws {
        let counters = Counters()
        let router = Router()
        func route(_ path: String, _ answer: @escaping @Sendable (Request) async throws -> Response) {
            for method in [HTTPRequest.Method.get, .head] {
                router.on(RouterPath(path), method: method) { request, _ in
                    counters.requests.withLock { $0[path, default: 0] += 1 }
                    let now = counters.inFlight.withLock { $0 += 1; return $0 }
                    counters.mostInFlight.withLock { $0 = max($0, now) }
                    defer { counters.inFlight.withLock { $0 -= 1 } }
                    return try await answer(request)
                }
            }
        }
        route("ok") { _ in Response(status: .ok) }
        route("moved") { _ in Response(status: .movedPermanently, headers: [.location: "/ok"]) }
        route("temporary") { _ in Response(status: .found, headers: [.location: "/ok"]) }
        route("missing") { _ in Response(status: .notFound) }
        route("busy") { _ in
            counters.count("busy") == 1 ? Response(status: .tooManyRequests, headers: [.retryAfter: "1"]) : Response(status: .ok)
        }
        route("always-busy") { _ in Response(status: .tooManyRequests, headers: [.retryAfter: "3600"]) }
        route("hang") { _ in
            try await Task.sleep(for: .seconds(30))
            return Response(status: .ok)
        }
        route("no-head") { request in Response(status: request.method == .head ? .methodNotAllowed : .ok) }
        route("slow/{n}") { _ in
            try await Task.sleep(for: .milliseconds(300))
            return Response(status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let port = Mutex(0)
        let (started, ready) = AsyncStream<Void>.makeStream()
        let app2 = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                               onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port ?? 0 }; ready.yield() })
        _ = app
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app2.runService() }
            for await _ in started { break }
            try await body(port.withLock { $0 }, counters)
            group.cancelAll()
        }
    }

    static func site(linking port: Int, _ paths: [String]) throws -> ScratchSite {
        var files = ScratchSite.minimal
        let base = "http://127.0.0.1:\(port)"
        files["Content/links.md"] = "---\ntitle: Links\n---\n" + paths.map { "- [\($0)](\(base)/\($0)).\n" }.joined()
        return try ScratchSite(files)
    }

    /// A timeout of 10 s: the hanging route sleeps 30, and a loaded test machine still answers the others in
    /// time (with 3 s, a full parallel `swift test` on 2 cores once saw the 429 routes unanswered).
    static func check(_ site: ScratchSite, _ extra: [String] = [], timeout: Int = 10) async throws -> PigmentProcess.Outcome {
        try await PigmentProcess.runOffThePool(["check", "--root", site.root.path, "--external", "--external-timeout", "\(timeout)"] + extra)
    }

    /// Where `site(linking:)` wrote the link to `path`: its list item's line, the column after `- [path](`.
    static func at(_ line: Int, _ path: String) -> String { "Content/links.md:\(line):\("- [\(path)](".count + 1)" }

    @Test func eachAnswerIsReportedAtItsLinkAndOnlyFailuresAreReported() async throws {
        try await Self.withServer { port, counters in
            let site = try Self.site(linking: port, ["ok", "moved", "temporary", "missing", "busy", "always-busy", "hang", "no-head"])
            defer { site.remove() }
            let outcome = try await Self.check(site)
            let base = "http://127.0.0.1:\(port)"
            #expect(outcome.status == 0, "warnings only: \(outcome.stderr)")
            let warnings = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("Content/links.md:") }.map(String.init)
            #expect(warnings == [
                "\(Self.at(5, "moved")): warning: external link \(base)/moved moved permanently to \(base)/ok",
                "\(Self.at(7, "missing")): warning: external link \(base)/missing answered 404 Not Found",
                "\(Self.at(9, "always-busy")): warning: external link \(base)/always-busy answered 429 Too Many Requests for longer than we wait; not checked this time",
                "\(Self.at(10, "hang")): warning: external link \(base)/hang did not answer within 10 s",
            ], "\(outcome.stderr)")
            #expect(outcome.stderr.contains("hint: link \(base)/ok instead"))
            #expect(outcome.stdout.contains("Checked 8 external links (0 from the cache)"))
            // HEAD refused, GET asked; 429 waited out once, then answered.
            #expect(counters.count("no-head") == 2)
            #expect(counters.count("busy") == 2)

            let strict = try await Self.check(site, ["--strict", "--exclude", "\(base)/hang", "--exclude", "*/always-*"])
            #expect(strict.status == 1)
            #expect(strict.stderr.contains("\(Self.at(7, "missing")): error: external link \(base)/missing answered 404 Not Found"))
            #expect(!strict.stderr.contains("/hang") && !strict.stderr.contains("always-busy"))
            // What answered before came from the cache: not asked again.
            #expect(strict.stdout.contains("(5 from the cache)"), "\(strict.stdout)")
            #expect(counters.count("ok") == 3, "asked for /ok itself, and after /moved and /temporary, once each")
        }
    }

    /// A refused connection is an answer: reported as such, not asked again until the timeout ends.
    @Test func aRefusedConnectionIsReportedWithoutWaitingForTheTimeout() async throws {
        let port = try Self.closedPort()
        let site = try Self.site(linking: port, ["gone"])
        defer { site.remove() }
        let started = ContinuousClock.now
        let outcome = try await Self.check(site, ["--cache-hours", "0"], timeout: 30)
        #expect(outcome.stderr.contains("\(Self.at(4, "gone")): warning: external link http://127.0.0.1:\(port)/gone could not be reached: connection refused"),
                "\(outcome.stderr)")
        #expect(ContinuousClock.now - started < .seconds(30), "answered before the 30 s timeout")
    }

    /// A loopback port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in(sin_family: sa_family_t(AF_INET), sin_port: 0, sin_addr: in_addr(s_addr: inet_addr("127.0.0.1")), sin_zero: (0, 0, 0, 0, 0, 0, 0, 0))
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func oneHostIsAskedAtMostTwiceAtATime() async throws {
        try await Self.withServer { port, counters in
            let site = try Self.site(linking: port, (0..<8).map { "slow/\($0)" })
            defer { site.remove() }
            // A generous timeout: a request given up on would still be running on the server, and counted.
            let outcome = try await Self.check(site, ["--cache-hours", "0"], timeout: 30)
            #expect(outcome.status == 0 && !outcome.stderr.contains("external link"), "\(outcome.stderr)")
            #expect(counters.requests.withLock { $0["slow/{n}"] } == 8)
            #expect(counters.mostInFlight.withLock { $0 } == 2)
        }
    }

    @Test func theSitesOwnAddressIsNoExternalLink() async throws {
        try await Self.withServer { port, counters in
            let site = try Self.site(linking: port, ["ok"])
            defer { site.remove() }
            try site.write("Content/site.yml", "title: CLI\nbaseURL: http://127.0.0.1:\(port)/site/\n")
            try site.write("Content/own.md", "---\ntitle: Own\n---\nSee [this page](http://127.0.0.1:\(port)/site/own/).\n")
            let outcome = try await Self.check(site)
            #expect(!outcome.stderr.contains("/site/"), "\(outcome.stderr)")
            #expect(outcome.stdout.contains("Checked 1 external link"), "\(outcome.stdout)")
            #expect(counters.requests.withLock { $0.keys.sorted() } == ["ok"])
        }
    }
}
