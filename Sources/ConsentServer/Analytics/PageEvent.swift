import Foundation

/// One analytics event as stored: what the tag sent, checked, and what the server derived from the
/// request. No IP address, no user-agent string, no query string: the visitor is a random id.
public struct PageEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable { case pageview, event }
    /// The viewport's width class, which the tag sends as the device type.
    public enum Device: String, Sendable, CaseIterable { case mobile, tablet, desktop }

    public var visitor: String
    /// The choice cookie's consent id: what erasure finds the visitor's events by.
    public var consentID: String?
    public var recordedAt: Date
    public var kind: Kind
    /// A named event's name (`choose_plan`); nil for a page view.
    public var name: String?
    public var path: String
    /// The referring site's host only (`news.example.com`).
    public var referrerHost: String?
    public var device: Device?
    public var language: String?
    public var browser: String
    public var system: String
}

/// Reads `POST /api/events` bodies: `{"type":"pageview","path":"/pricing/","referrer":"news.example.com",
/// "device":"mobile","language":"en"}` or `{"type":"event","name":"choose_plan","path":"/pricing/"}`.
/// Every field is checked; an unknown one is refused, as in the consent API.
public enum PageEventParser {
    /// Largest body accepted: an event is a few dozen bytes.
    public static let maximumBodySize = 2048

    static let knownFields: Set<String> = ["type", "name", "path", "referrer", "device", "language"]

    public struct Fields: Sendable, Equatable {
        public var kind: PageEvent.Kind
        public var name: String?
        public var path: String
        public var referrerHost: String?
        public var device: PageEvent.Device?
        public var language: String?
    }

    public static func parse(_ body: UnsafeRawBufferPointer) throws(SubmissionError) -> Fields {
        guard body.count <= maximumBodySize else {
            throw SubmissionError(status: 413, code: "body_too_large", detail: "an event may be at most \(maximumBodySize) bytes")
        }
        guard case .object(let object) = try? JSONValue.parse(body) else {
            throw SubmissionError(status: 400, code: "malformed_json", detail: "the body must be a JSON object")
        }
        // The first unknown name in sorted order, so the answer is the same whatever the order sent.
        if let unknown = object.keys.lazy.filter({ !knownFields.contains($0) }).min() { throw .invalid("unknown field '\(unknown)'") }
        guard case .string(let type)? = object["type"], let kind = PageEvent.Kind(rawValue: type) else {
            throw .invalid("'type' must be pageview or event")
        }
        guard let fullPath = try SubmissionFields.pagePath(text(object, "path"), field: "path") else { throw .invalid("'path' is required: a site path like /pricing/") }
        // `pagePath` cuts the query; a fragment (`/pricing/#plans`) says which part of a page, not which page.
        let path = SubmissionFields.withoutFragment(fullPath)
        let name = try text(object, "name")
        switch kind {
        case .event:
            guard let name, isEventName(name) else { throw .invalid("'name' must be 1 to 64 of a-z, 0-9 and _ (like choose_plan)") }
        case .pageview:
            guard name == nil else { throw .invalid("a pageview has no 'name'") }
        }
        let referrer = try text(object, "referrer").map { $0.lowercased() }
        if let referrer, !isHost(referrer) { throw .invalid("'referrer' must be a host name like news.example.com") }
        let device = try text(object, "device")
        if let device, PageEvent.Device(rawValue: device) == nil { throw .invalid("'device' must be mobile, tablet or desktop") }
        let language = try text(object, "language")
        if let language, !isLanguageTag(language) { throw .invalid("'language' must be a language tag like en or pt-BR") }
        return Fields(kind: kind, name: name, path: path, referrerHost: referrer, device: device.flatMap(PageEvent.Device.init), language: language)
    }

    private static func text(_ object: [String: JSONValue], _ key: String) throws(SubmissionError) -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        default: throw .invalid("'\(key)' must be text")
        }
    }

    static func isEventName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// A DNS host name (letters, digits, hyphens and dots, at most 253 bytes), or an IP address's digits and dots.
    /// Byte by byte: Foundation's `contains("..")` was 1% of the event route's CPU.
    static func isHost(_ text: String) -> Bool {
        guard (1...253).contains(text.utf8.count), text.utf8.first != 0x2E, text.utf8.last != 0x2E else { return false }
        var previous: UInt8 = 0
        for byte in text.utf8 {
            guard (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || (byte == 0x2E && previous != 0x2E) else { return false }
            previous = byte
        }
        return true
    }

    /// BCP 47's shape, loosely: subtags of 1 to 8 letters or digits joined by hyphens, at most 35 bytes.
    static func isLanguageTag(_ text: String) -> Bool {
        text.utf8.count <= 35 && text.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { subtag in
            (1...8).contains(subtag.utf8.count) && subtag.utf8.allSatisfy { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        }
    }
}
