import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Asks each external address whether it still answers, politely: `HEAD` first and `GET` where a
/// server refuses `HEAD` (any `4xx`/`5xx` answer to it but `429`), at most 2 requests to one host and
/// 8 in all at a time, each bounded by a timeout, `429 Too Many Requests` waited out as its
/// `Retry-After` asks (up to `maximumWait`, twice), redirects followed by hand (at most 5) so a
/// permanent one (`301`, `308`) can be reported with its target. Through AsyncHTTPClient (on
/// SwiftNIO, already built for the consent server), not Foundation's URLSession: linking
/// FoundationNetworking loaded libcurl and 30 more shared libraries at every start of `pigment`:
/// `pigment --version` took 42 ms with it and 25 ms without (a program that only prints: 32 ms
/// with it, 16 ms with Foundation alone; 2026-12-02).
public struct ExternalLinkChecker: Sendable {
    public enum Outcome: Sendable, Equatable {
        case ok
        /// It answers, at another address: link that one.
        case moved(to: String)
        case broken(String)
        /// The server kept answering 429 beyond what we wait: unknown, not broken.
        case rateLimited
    }

    public var timeout: TimeInterval = 10
    public var perHost = 2
    public var overall = 8
    /// The longest `Retry-After` waited for; a longer one leaves the link unknown for this run.
    public var maximumWait: TimeInterval = 30
    static let maximumRedirects = 5
    static let userAgent = "pigment-link-checker (+https://pigmentstudio.com)"

    public init() {}

    /// Each address's outcome; `progress` is told after each one.
    public func check(_ urls: [String], progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async -> [String: Outcome] {
        let limits = ConnectionLimits(perHost: perHost, overall: overall)
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .seconds(Int64(timeout)), read: .seconds(Int64(timeout))))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = perHost
        // A refused connection is an answer: asked again until the timeout, a dead host took the whole of it.
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let total = urls.count
        let outcomes = await withTaskGroup(of: (String, Outcome).self) { group in
            for url in urls {
                group.addTask {
                    let host = URL(string: url)?.host?.lowercased() ?? ""
                    await limits.acquire(host)
                    let outcome = await self.follow(url, client: client)
                    await limits.release(host)
                    return (url, outcome)
                }
            }
            var outcomes: [String: Outcome] = [:]
            for await (url, outcome) in group {
                outcomes[url] = outcome
                progress?(outcomes.count, total)
            }
            return outcomes
        }
        try? await client.shutdown()
        return outcomes
    }

    /// Follows redirects from `url` to an answer.
    func follow(_ url: String, client: HTTPClient) async -> Outcome {
        var current = url
        var movedTo: String?
        for _ in 0...Self.maximumRedirects {
            guard let address = URL(string: current), ["http", "https"].contains(address.scheme?.lowercased() ?? ""), address.host != nil else {
                return .broken("is not a valid address")
            }
            let answer: Answer
            do {
                answer = try await ask(address, client: client)
            } catch let failure as Failure {
                return failure.outcome
            } catch {
                return .broken("could not be reached: \(Self.describe(error))")
            }
            switch answer.status {
            case 200..<300:
                return movedTo.map { .moved(to: $0) } ?? .ok
            case 301, 302, 303, 307, 308:
                guard let location = answer.location, let next = URL(string: location, relativeTo: address)?.absoluteString else {
                    return .broken("answered \(answer.status) without a Location")
                }
                // Only a chain of permanent moves is a new address to link; a temporary hop keeps the old one.
                if answer.status == 301 || answer.status == 308 { if movedTo == nil || movedTo == current { movedTo = next } } else { movedTo = nil }
                current = next
            default:
                return .broken("answered \(answer.status) \(Self.reasonPhrase(answer.status))")
            }
        }
        return .broken("redirects more than \(Self.maximumRedirects) times")
    }

    struct Answer {
        var status: Int
        var location: String?
    }

    struct Failure: Error {
        var outcome: Outcome
    }

    /// One address: HEAD, then GET if HEAD was refused; a 429 waited out.
    private func ask(_ url: URL, client: HTTPClient) async throws -> Answer {
        var answer = try await request(url, method: .HEAD, client: client)
        if answer.status >= 400 && answer.status != 429 { answer = try await request(url, method: .GET, client: client) }
        return answer
    }

    private func request(_ url: URL, method: HTTPMethod, client: HTTPClient) async throws -> Answer {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        for attempt in 0...2 {
            let response: HTTPClientResponse
            do {
                // The body is never read: only the status and headers count, and dropping it ends the exchange.
                response = try await client.execute(request, timeout: .seconds(Int64(timeout)))
            } catch let error as HTTPClientError where [.deadlineExceeded, .readTimeout, .connectTimeout].contains(error) {
                throw Failure(outcome: .broken("did not answer within \(Int(timeout)) s"))
            }
            let status = Int(response.status.code)
            guard status == 429 else { return Answer(status: status, location: response.headers.first(name: "Location")) }
            let wait = Self.retryAfter(response.headers.first(name: "Retry-After"), now: Date()) ?? 5
            guard attempt < 2, wait <= maximumWait else { throw Failure(outcome: .rateLimited) }
            try? await Task.sleep(for: .seconds(wait))
        }
        throw Failure(outcome: .rateLimited)
    }

    /// `Not Found` for 404; for a code without a name, its class (`Server Error` for 599).
    static func reasonPhrase(_ status: Int) -> String {
        let phrase = HTTPResponseStatus(statusCode: status).reasonPhrase
        guard phrase.isEmpty else { return phrase }
        switch status {
        case 400..<500: return "Client Error"
        case 500..<600: return "Server Error"
        default: return "Unknown Status"
        }
    }

    /// A connection's failure as a writer can act on it: what the network said, not a type name.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError: return String(describing: error).replacingOccurrences(of: "HTTPClientError.", with: "")
        case let error as IOError: return String(cString: strerror(error.errnoCode)).lowercased()
        case let error as NIOConnectionError:
            if let failure = error.connectionErrors.first?.error { return describe(failure) }
            return "no address found for \(error.host)"
        case SocketAddressError.unknown(let host, _): return "no address found for \(host)"
        default: return String(describing: error)
        }
    }

    /// `Retry-After` in seconds: a number of seconds or an HTTP date (RFC 9110 §10.2.3).
    static func retryAfter(_ value: String?, now: Date) -> TimeInterval? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 { return TimeInterval(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSince(now)) }
    }
}

/// At most `perHost` requests to one host and `overall` in all at a time.
actor ConnectionLimits {
    private let perHost: Int
    private let overall: Int
    private var running = 0
    private var byHost: [String: Int] = [:]
    private var waiting: [(host: String, continuation: CheckedContinuation<Void, Never>)] = []

    init(perHost: Int, overall: Int) {
        self.perHost = max(1, perHost)
        self.overall = max(1, overall)
    }

    func acquire(_ host: String) async {
        if running < overall && byHost[host, default: 0] < perHost {
            take(host)
            return
        }
        await withCheckedContinuation { waiting.append((host, $0)) }
    }

    func release(_ host: String) {
        running -= 1
        byHost[host, default: 1] -= 1
        // The first waiter that may go now, in arrival order.
        if let index = waiting.firstIndex(where: { running < overall && byHost[$0.host, default: 0] < perHost }) {
            let next = waiting.remove(at: index)
            take(next.host)
            next.continuation.resume()
        }
    }

    private func take(_ host: String) {
        running += 1
        byHost[host, default: 0] += 1
    }
}
