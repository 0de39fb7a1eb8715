import Foundation
import Hummingbird

/// An `application/x-www-form-urlencoded` body as name → value (the first of each name wins).
enum FormBody {
    static let maximumSize = 4096

    /// Nil when the body is not a form or is longer than `maximumSize`.
    static func read(_ request: Request) async -> [String: String]? {
        guard let type = request.headers[.contentType]?.lowercased(),
              type.hasPrefix("application/x-www-form-urlencoded"),
              let buffer = try? await request.body.collect(upTo: maximumSize) else { return nil }
        return parse(String(buffer: buffer))
    }

    static func parse(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return fields
    }
}
