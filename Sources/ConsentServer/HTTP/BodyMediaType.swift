import HTTPTypes
import Hummingbird

/// What a request's body says it is, read from `Content-Type` without parameters, spaces or case.
/// On the header's bytes: Foundation's `trimmingCharacters` and `lowercased` took 5% of the event
/// route's CPU, and generic `Substring.UTF8View` slicing still 1.7% (perf, `POST /api/events` under wrk).
enum BodyMediaType: Equatable {
    case json, form, other

    /// `navigator.sendBeacon(url, JSON.stringify(…))`, as sites log consent and the analytics tag sends
    /// events while a page unloads, sends text/plain: that is read as JSON only from a browser page
    /// whose `Origin` passed `crossOriginRefusal` (called first): a form on another site could post
    /// text/plain too, and its Origin is refused.
    init(of request: Request) {
        guard var header = request.headers[.contentType] else { self = .other; return }
        let type = header.withUTF8 { bytes -> BodyMediaType? in
            var start = 0
            var end = bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count
            while start < end, Self.isSpace(bytes[start]) { start += 1 }
            while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
            let name = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if Self.name(name, is: "application/json") { return .json }
            if Self.name(name, is: "application/x-www-form-urlencoded") { return .form }
            return Self.name(name, is: "text/plain") ? nil : .other
        }
        self = type ?? (request.headers[.origin] != nil ? .json : .other)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// Compares ASCII case-insensitively with a lower-case name.
    private static func name(_ bytes: UnsafeBufferPointer<UInt8>, is expected: StaticString) -> Bool {
        guard bytes.count == expected.utf8CodeUnitCount else { return false }
        let lower = expected.utf8Start
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) == lower[index] else { return false }
        }
        return true
    }
}
