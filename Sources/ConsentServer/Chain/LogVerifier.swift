/// Walks the consent log from its first entry to its head, recomputing every hash and link, and names
/// the first entry that was edited, removed, inserted or reordered.
///
/// What it proves: no entry changed, went or came since it was appended, unless someone recomputed
/// the hash of every entry after the change as well. Anyone who can write the file can do that, so an
/// auditor also keeps snapshots of the head (`GET /api/consent/log-head`) and checks them here: a head
/// they saw must still be in the chain with the same hash, which fixes every entry before it.
public enum LogVerifier {
    /// An auditor's snapshot: the head's position and hash at some moment.
    public struct Snapshot: Equatable, Sendable {
        public var position: Int64
        public var hash: String
        public init(position: Int64, hash: String) { self.position = position; self.hash = hash }
    }

    /// Where an entry is: its id, and its place (1-based) among the entries held now.
    public struct Place: Equatable, Sendable, CustomStringConvertible {
        public var id: Int64
        public var ordinal: Int
        public var description: String { "entry \(id) (number \(ordinal) of the log)" }
    }

    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        /// Its stored values no longer match its own hash (or it has none).
        case edited(Place)
        /// It is not part of the chain: its neighbours link to each other around it.
        case inserted(Place)
        /// It follows an entry that now comes after it.
        case reordered(Place, follows: Int64)
        /// It follows an older entry that another entry already follows: one of the two was inserted
        /// (a copy of an entry, or one made with its hash computed).
        case forked(Place, parent: Int64, sibling: Int64)
        /// The entry it follows is not in the log: removed, or edited with its hash recomputed.
        case removedBefore(Place, missing: String)
        /// The first entry follows an entry that no purge checkpoint accounts for.
        case cutAtStart(Place, missing: String)
        /// A snapshot's entry is missing or carries another hash.
        case snapshotDiffers(Snapshot, found: String?)

        public var description: String {
            switch self {
            case .edited(let place):
                "\(place) was edited: its stored values no longer match its hash"
            case .inserted(let place):
                "\(place) was inserted: it is not part of the chain (the entries around it follow each other)"
            case .reordered(let place, let follows):
                "\(place) is out of order: it follows entry \(follows), which now comes after it"
            case .forked(let place, let parent, let sibling):
                "\(place) or entry \(sibling) was inserted: both follow entry \(parent) (one is a copy, or was made with its hash computed)"
            case .removedBefore(let place, let missing):
                "an entry before \(place) was removed: the entry it follows (hash \(missing.prefix(16))…) is not in the log"
                    + " (or the entry before it was edited and its hash recomputed)"
            case .cutAtStart(let place, let missing):
                "entries were removed from the start of the log: the first, \(place), follows hash \(missing.prefix(16))…,"
                    + " which no purge checkpoint accounts for"
            case .snapshotDiffers(let snapshot, let found):
                "the snapshot of entry \(snapshot.position) (hash \(snapshot.hash.prefix(16))…) no longer holds: "
                    + (found.map { "that entry now carries hash \($0.prefix(16))…" } ?? "that entry is not in the log")
            }
        }
    }

    public struct Report: Equatable, Sendable {
        public var entries = 0
        public var checkpoints: [Checkpoint] = []
        public var head = LogHead.empty
        /// Snapshots older than the first entry left: purged, so they can no longer be checked.
        public var purgedSnapshots: [Snapshot] = []
        public var problem: Problem?
        public var missingProtections: [String] = []

        public var records: Int { entries - checkpoints.count }
    }

    /// How many entries are read at a time: the walk holds one page, whatever the log's size.
    static let pageSize = 1000

    public static func verify(_ source: some LogSource, snapshots: [Snapshot] = []) async throws -> Report {
        var report = Report()
        report.missingProtections = try await source.missingProtections()
        var start = ChainHash.genesis
        if let newest = try await source.newestCheckpoint() {
            if case .checkpoint(let checkpoint, _)? = try? newest.content() { start = checkpoint.purgedThrough }
        }
        var pending = snapshots
        var previous: LogRow?
        var page = try await source.entries(after: 0, limit: pageSize)
        var index = 0
        while index < page.count {
            let row = page[index]
            report.entries += 1
            let place = Place(id: row.position, ordinal: report.entries)
            let expectedPrevious = previous?.hash.text ?? start
            let ownHashHolds = row.previousHash.text.map { row.hash.text == row.expectedHash(after: $0) } ?? false
            if !ownHashHolds || row.previousHash.text != expectedPrevious {
                // One entry ahead, possibly on the next page, tells an intruder from its neighbours.
                if index + 1 == page.count { page = Array(page[index...]) + (try await source.entries(after: row.position, limit: pageSize)); index = 0 }
                let next = index + 1 < page.count ? page[index + 1] : nil
                report.problem = try await classify(row, at: place, next: next, expectedPrevious: expectedPrevious,
                                                    ownHashHolds: ownHashHolds, source: source)
                return report
            }
            if row.isCheckpoint, case .checkpoint(let checkpoint, _)? = try? row.content() { report.checkpoints.append(checkpoint) }
            if let snapshot = pending.first(where: { $0.position == row.position }) {
                if snapshot.hash != row.hash.text {
                    report.problem = .snapshotDiffers(snapshot, found: row.hash.text)
                    return report
                }
                pending.removeAll { $0 == snapshot }
            }
            report.head = LogHead(entries: report.entries, position: row.position, hash: row.hash.text ?? "")
            previous = row
            index += 1
            if index == page.count {
                page = try await source.entries(after: row.position, limit: pageSize)
                index = 0
            }
        }
        let first = report.entries > 0 ? try await source.entries(after: 0, limit: 1).first?.position : nil
        for snapshot in pending {
            if let first, snapshot.position < first {
                report.purgedSnapshots.append(snapshot)
            } else {
                report.problem = .snapshotDiffers(snapshot, found: nil)
                return report
            }
        }
        return report
    }

    private static func classify(_ row: LogRow, at place: Place, next: LogRow?, expectedPrevious: String, ownHashHolds: Bool,
                                 source: some LogSource) async throws -> Problem {
        let neighboursLinkAroundIt = next?.previousHash.text == expectedPrevious
        guard ownHashHolds, let followed = row.previousHash.text else { return neighboursLinkAroundIt ? .inserted(place) : .edited(place) }
        if let position = try await source.position(ofHash: followed) {
            if position > row.position { return .reordered(place, follows: position) }
            if let sibling = try await source.entries(after: position, limit: 1).first, sibling.position < row.position {
                return .forked(place, parent: position, sibling: sibling.position)
            }
        }
        if neighboursLinkAroundIt { return .inserted(place) }
        return place.ordinal == 1 ? .cutAtStart(place, missing: followed) : .removedBefore(place, missing: followed)
    }
}
