import Foundation
import PigmentModel
import Synchronization

/// Counters for `GET /metrics`, in Prometheus' text format: requests by route and status,
/// records written by event, and rejected requests by error code. Nothing personal is counted.
public final class ConsentMetrics: Sendable {
    private let counters = Mutex<[String: Int]>([:])
    /// Answers by route and status, counted on every request: kept by the pair itself, so counting one
    /// builds no label text (a map, a join and an interpolation per request before); written out in `text()`.
    private let answers = Mutex<[RouteStatus: Int]>([:])

    private struct RouteStatus: Hashable {
        var route: String
        var status: Int
    }

    public init() {}

    func increment(_ name: String, _ labels: [(String, String)]) {
        let key = name + (labels.isEmpty ? "" : "{" + labels.map { "\($0.0)=\"\(Self.escape($0.1))\"" }.joined(separator: ",") + "}")
        counters.withLock { $0[key, default: 0] += 1 }
    }

    func request(route: String, status: Int) { answers.withLock { $0[RouteStatus(route: route, status: status), default: 0] += 1 } }

    private static func requestKey(_ answer: RouteStatus) -> String {
        "pigment_http_requests_total{route=\"\(escape(answer.route))\",status=\"\(answer.status)\"}"
    }
    func recordWritten(_ event: ConsentRecord.Event) { increment("pigment_consent_records_written_total", [("event", event.rawValue)]) }
    func rejected(_ code: String) { increment("pigment_consent_errors_total", [("kind", code)]) }
    func storageFailed(_ kind: StorageFailure.Kind) { increment("pigment_consent_storage_failures_total", [("kind", kind.rawValue)]) }
    func unreadableRecord() { increment("pigment_consent_unreadable_records_total", []) }

    /// The exposition text, sorted so it reads the same way each time.
    public func text() -> String {
        var snapshot = counters.withLock { $0 }
        for (answer, count) in answers.withLock({ $0 }) { snapshot[Self.requestKey(answer), default: 0] += count }
        let help = [
            "pigment_http_requests_total": "HTTP requests answered, by route and status.",
            "pigment_consent_records_written_total": "Consent records committed, by event.",
            "pigment_consent_errors_total": "Requests refused, by error kind.",
            "pigment_consent_storage_failures_total": "Reads and writes the storage failed (locked, full, read-only…), by kind.",
            "pigment_consent_unreadable_records_total": "Log entries found that do not hold what the server writes.",
        ]
        var lines: [String] = []
        for name in help.keys.sorted() {
            lines.append("# HELP \(name) \(help[name]!)")
            lines.append("# TYPE \(name) counter")
            for (key, value) in snapshot.sorted(by: { $0.key < $1.key }) where key == name || key.hasPrefix(name + "{") {
                lines.append("\(key) \(value)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else { return value }
        return value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
