import Foundation

/// One entry of the consent log: a choice, a change or a withdrawal, exactly as it was made.
/// Records are only ever appended, never updated, so the log is the proof of consent (GDPR Art. 7(1)).
public struct ConsentRecord: Sendable, Hashable, Codable {
    public enum Event: String, Sendable, Codable, CaseIterable {
        /// The visitor's first choice; the server issues the consent id.
        case first
        /// A later choice under the same consent id.
        case change
        /// Every optional category turned off.
        case withdraw
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

    public init(consentID: String, recordedAt: Date, event: Event, choices: [String: Bool], registryVersion: String,
                policyVersion: String?, method: Method, source: Source, gpc: Bool, pagePath: String?) {
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
    }
}
