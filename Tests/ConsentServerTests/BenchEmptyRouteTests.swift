import Foundation
import Glibc
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ConsentServer

/// `make bench` divides the consent API's requests/s by this route's: the route must cost what a real
/// route costs around its work, no more (a connection closed after each request) and no less.
@Suite("Bench empty route")
struct BenchEmptyRouteTests {
    @Test func answersRequestsWithABodyOnOneKeptConnection() async throws {
        try await ConsentAPITests.withServer(benchEmptyRoute: true) { client, store in
            // A plain socket, the body sent after the head as many clients do (Python's http.client): a route
            // that answers before its body arrives has the server close the connection. The test client
            // would open a new one and hide that.
            let port = try #require(client.port)
            let connection = try #require(LoopbackConnection(port: port))
            let body = #"{"choices":{"analytics":true},"page":"/"}"#
            let head = "POST /api/bench/empty HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n"
            for index in 1...3 {
                let exchanged = await connection.exchangeOffThePool(head: head, body: body)
                let answer = try #require(exchanged, "answer \(index) on the same connection")
                #expect(answer.hasPrefix("HTTP/1.1 204"), "answer \(index): \(answer)")
                #expect(!answer.lowercased().contains("connection: close"), "answer \(index): \(answer)")
            }
            #expect(try await store.count() == 0, "the route stores nothing")
        }
    }

    @Test func isNotThereUnlessAsked() async throws {
        try await ConsentAPITests.withServer { client, _ in
            try await client.execute(uri: "/api/bench/empty", method: .post, headers: ConsentAPITests.jsonHeaders,
                                     body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}

/// One TCP connection to 127.0.0.1, for answers without a body (a 204): sends a request, reads the head.
/// Unchecked Sendable: its one test uses it from one thread at a time, each exchange awaited before the next.
final class LoopbackConnection: @unchecked Sendable {
    private let descriptor: Int32

    init?(port: Int) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(descriptor); return nil }
    }

    deinit { close(descriptor) }

    /// `exchange` on a thread of its own: the socket calls block, and on one of the two threads (on 2
    /// cores) that run every test's async work they held back the server's own handlers, and every
    /// other suite's live server, for as long as the receive timeout.
    func exchangeOffThePool(head: String, body: String) async -> String? {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.exchange(head: head, body: body)) }
        }
    }

    /// The answer's head, or nil when the server closed the connection (or sent nothing in 60 s). The
    /// body goes 50 ms after the head, in a write of its own.
    func exchange(head: String, body: String) -> String? {
        guard write(head) else { return nil }
        usleep(50_000)
        guard write(body) else { return nil }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !received.ends(with: Array("\r\n\r\n".utf8)) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            received += buffer[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    private func write(_ text: String) -> Bool {
        let sent = text.utf8CString.withUnsafeBufferPointer { send(descriptor, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
        return sent == text.utf8.count
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
