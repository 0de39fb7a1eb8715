/// A consent log read entry by entry, as `LogVerifier` walks it: a store's file opened read-only,
/// so verifying a copy never changes it.
public protocol LogSource: Sendable {
    /// Entries after `position`, oldest first, at most `limit`.
    func entries(after position: Int64, limit: Int) async throws -> [LogRow]
    /// The position of the entry that carries this hash, if one does.
    func position(ofHash hash: String) async throws -> Int64?
    /// The newest purge checkpoint, which says what the first entry follows.
    func newestCheckpoint() async throws -> LogRow?
    /// The database's own guards (triggers) that are missing: names for a warning.
    func missingProtections() async throws -> [String]
}
