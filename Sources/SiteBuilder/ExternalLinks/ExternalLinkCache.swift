import Foundation

/// What earlier runs learnt, in `.pigment/external-links.json`, so a scheduled job does not ask
/// every provider again each time: an address that answered (or moved) is not asked again within
/// the lifetime (24 hours by default). Failures are not kept: a link that was fixed, or a server
/// that came back, is seen on the next run.
public struct ExternalLinkCache: Sendable {
    struct Entry: Codable, Equatable {
        var checked: Date
        /// Nil: it answered; else the address it moved to.
        var movedTo: String?
    }

    private var entries: [String: Entry]
    public let lifetime: TimeInterval
    let file: URL

    public init(root: URL, lifetime: TimeInterval) {
        file = root.appendingPathComponent(".pigment/external-links.json")
        self.lifetime = lifetime
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        entries = (try? Data(contentsOf: file)).flatMap { try? decoder.decode([String: Entry].self, from: $0) } ?? [:]
    }

    /// The remembered outcome of an address asked within the lifetime.
    public func outcome(of url: String, now: Date) -> ExternalLinkChecker.Outcome? {
        guard lifetime > 0, let entry = entries[url], now.timeIntervalSince(entry.checked) < lifetime, entry.checked <= now else { return nil }
        return entry.movedTo.map { .moved(to: $0) } ?? .ok
    }

    public mutating func remember(_ outcomes: [String: ExternalLinkChecker.Outcome], now: Date) {
        for (url, outcome) in outcomes {
            switch outcome {
            case .ok: entries[url] = Entry(checked: now, movedTo: nil)
            case .moved(let target): entries[url] = Entry(checked: now, movedTo: target)
            case .broken, .rateLimited: entries[url] = nil
            }
        }
        // Entries past their lifetime go, so the file does not grow with links long removed.
        entries = entries.filter { now.timeIntervalSince($0.value.checked) < max(lifetime, 0) }
    }

    /// Writes the file (sorted keys: a stable file); a failure to write only costs the next run time.
    public func save() {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(entries) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: file, options: .atomic)
    }
}
