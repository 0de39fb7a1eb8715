/// The newest entry of the log and how many entries it holds: what `GET /api/consent/log-head`
/// answers, so an auditor can keep snapshots and later check that nothing before one changed
/// (`pigment consent verify --snapshot POSITION:HASH`).
public struct LogHead: Equatable, Sendable, Encodable {
    /// Entries held now: records and purge checkpoints.
    public var entries: Int
    /// The newest entry's position (its id: ids only grow and are never reused), 0 for an empty log.
    public var position: Int64
    /// The newest entry's hash, or `ChainHash.genesis` for an empty log.
    public var hash: String

    public init(entries: Int, position: Int64, hash: String) {
        self.entries = entries
        self.position = position
        self.hash = hash
    }

    public static let empty = LogHead(entries: 0, position: 0, hash: ChainHash.genesis)
}
