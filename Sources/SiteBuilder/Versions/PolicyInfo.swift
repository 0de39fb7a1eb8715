import PigmentModel

/// What a legal page, one of its old versions, or a "what changed" page knows about the versions.
public struct PolicyInfo: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var version: String
        public var url: String
        /// The page comparing this version with the one before it (nil for the first version).
        public var changesURL: String?
        public var updated: SiteDate?
    }

    /// The version this page shows.
    public var version: String
    public var currentURL: String
    public var kind: Kind
    /// Every version, newest first.
    public var versions: [Entry]

    public enum Kind: Sendable, Hashable {
        /// The live page.
        case current
        /// `/legal/privacy/v/2026-05-04/`: a version as it was published.
        case archived(isInForce: Bool)
        /// `/legal/privacy/v/2026-11-25/changes/`: what changed from the version before.
        case changes(from: String, passages: Int)
    }
}
