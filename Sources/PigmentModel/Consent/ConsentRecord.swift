import Foundation

/// One entry of the consent log: a choice, a change or a withdrawal, exactly as it was made.
/// Records are only ever appended, never updated, so the log is the proof of consent (GDPR Art. 7(1)).
///
/// Its one JSON shape is its `Codable` conformance below: what the API answers, and what any client
/// reads back. The stores keep it as columns (`LogRow` in the consent server, one mapping for every store).
public struct ConsentRecord: Sendable, Hashable {
    public enum Event: String, Sendable, Codable, CaseIterable {
        /// The visitor's first choice; the server issues the consent id.
        case first
        /// A later choice under the same consent id.
        case change
        /// Every optional category turned off.
        case withdraw
        /// The visitor had their analytics events deleted (`DELETE /api/events/mine`); choices unchanged.
        case erasure
    }

    /// How the choice was expressed.
    public enum Method: String, Sendable, Codable, CaseIterable {
        case acceptAll = "accept_all"
        case rejectAll = "reject_all"
        case custom
        /// Global Privacy Control decided, without the visitor being asked.
        case gpc
        /// The no-JavaScript preferences form.
        case form
    }

    /// Where on the site the choice was made.
    public enum Source: String, Sendable, Codable, CaseIterable {
        case banner, preferences, form
    }

    /// Random, 128 bits, 32 lowercase hex digits; issued by the server on the first choice.
    public var consentID: String
    /// Server time, UTC; the client's clock is never trusted for proof.
    public var recordedAt: Date
    public var event: Event
    /// Category id → granted. Always holds every registry category; essential is always true.
    public var choices: [String: Bool]
    /// The consent registry version the visitor was shown.
    public var registryVersion: String
    /// The privacy policy version in force (its `updated` date or explicit version).
    public var policyVersion: String?
    public var method: Method
    public var source: Source
    /// Whether the request carried `Sec-GPC: 1`.
    public var gpc: Bool
    /// The page the choice was made on (path only, no query).
    public var pagePath: String?
    /// The banner's own configuration counter, as a third-party banner sent it (vanilla-cookieconsent's
    /// `revision`). Kept apart from `policyVersion` because it counts the banner's setups, not policies.
    public var clientRevision: String?

    public init(consentID: String, recordedAt: Date, event: Event, choices: [String: Bool], registryVersion: String,
                policyVersion: String?, method: Method, source: Source, gpc: Bool, pagePath: String?, clientRevision: String? = nil) {
        self.consentID = consentID
        self.recordedAt = recordedAt
        self.event = event
        self.choices = choices
        self.registryVersion = registryVersion
        self.policyVersion = policyVersion
        self.method = method
        self.source = source
        self.gpc = gpc
        self.pagePath = pagePath
        self.clientRevision = clientRevision
    }
}

extension ConsentRecord: Codable {
    /// The API's names: `page` for the path, `consentId` as browsers' scripts spell ids.
    enum CodingKeys: String, CodingKey {
        case choices, clientRevision, consentID = "consentId", event, gpc, method, pagePath = "page", policyVersion, recordedAt, registryVersion, source
    }

    /// Reads only what `encode(to:)` writes: a value it would not write is an error, never a default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let id = try container.decode(String.self, forKey: .consentID)
        guard ConsentID.isValid(id) else {
            throw DecodingError.dataCorruptedError(forKey: .consentID, in: container, debugDescription: "'\(id)' is not 32 lowercase hex digits")
        }
        let time = try container.decode(String.self, forKey: .recordedAt)
        guard let recordedAt = LogTimestamp.date(time) else {
            throw DecodingError.dataCorruptedError(forKey: .recordedAt, in: container,
                                                   debugDescription: "'\(time)' is not a time like 2026-05-04T10:30:00.000Z")
        }
        self.init(consentID: id, recordedAt: recordedAt, event: try container.decode(Event.self, forKey: .event),
                  choices: try container.decode([String: Bool].self, forKey: .choices),
                  registryVersion: try container.decode(String.self, forKey: .registryVersion),
                  policyVersion: try container.decodeIfPresent(String.self, forKey: .policyVersion),
                  method: try container.decode(Method.self, forKey: .method), source: try container.decode(Source.self, forKey: .source),
                  gpc: try container.decode(Bool.self, forKey: .gpc), pagePath: try container.decodeIfPresent(String.self, forKey: .pagePath),
                  clientRevision: try container.decodeIfPresent(String.self, forKey: .clientRevision))
    }

    /// Keys in the order answers print them (sorted), so a sorting writer appends each at the end.
    /// The time is the log's own text, whatever date strategy an encoder has; absent values are left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(choices, forKey: .choices)
        try container.encodeIfPresent(clientRevision, forKey: .clientRevision)
        try container.encode(consentID, forKey: .consentID)
        try container.encode(event, forKey: .event)
        try container.encode(gpc, forKey: .gpc)
        try container.encode(method, forKey: .method)
        try container.encodeIfPresent(pagePath, forKey: .pagePath)
        try container.encodeIfPresent(policyVersion, forKey: .policyVersion)
        try container.encode(LogTimestamp.text(recordedAt), forKey: .recordedAt)
        try container.encode(registryVersion, forKey: .registryVersion)
        try container.encode(source, forKey: .source)
    }
}
