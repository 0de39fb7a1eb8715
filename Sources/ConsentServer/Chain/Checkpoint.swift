import Foundation
import PigmentModel

/// The entry the retention purge appends when it deletes the oldest entries of the log: how many went,
/// the time they were all older than, and the hash of the last of them, which the first entry left
/// still follows. So the chain still verifies after a purge, and the purge itself is on the record.
public struct Checkpoint: Equatable, Sendable, Encodable {
    public var purgedCount: Int
    public var purgedBefore: Date
    public var purgedThrough: String

    public init(purgedCount: Int, purgedBefore: Date, purgedThrough: String) {
        self.purgedCount = purgedCount
        self.purgedBefore = purgedBefore
        self.purgedThrough = purgedThrough
    }

    private enum CodingKeys: String, CodingKey { case purgedBefore, purgedCount, purgedThrough }

    /// `{"purgedBefore":"…","purgedCount":12,"purgedThrough":"…"}` (written by `JSONText`, keys sorted): the
    /// checkpoint column's text, which the chain hashes, so these bytes must not change.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(LogTimestamp.text(purgedBefore), forKey: .purgedBefore)
        try container.encode(purgedCount, forKey: .purgedCount)
        try container.encode(purgedThrough, forKey: .purgedThrough)
    }

    init?(json: String) {
        guard case .object(let object) = try? JSONValue.parse(json.utf8), object.count == 3,
              case .number(let count) = object["purgedCount"], count >= 0, count.rounded() == count,
              case .string(let before) = object["purgedBefore"], let date = LogTimestamp.date(before),
              case .string(let through) = object["purgedThrough"], ChainHash.isWellFormed(through) else { return nil }
        self.init(purgedCount: Int(count), purgedBefore: date, purgedThrough: through)
    }
}
