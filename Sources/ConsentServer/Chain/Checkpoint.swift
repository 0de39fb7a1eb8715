import Foundation
import PigmentModel

/// The entry the retention purge appends when it deletes the oldest entries of the log: how many went,
/// the time they were all older than, and the hash of the last of them, which the first entry left
/// still follows. So the chain still verifies after a purge, and the purge itself is on the record.
public struct Checkpoint: Equatable, Sendable {
    public var purgedCount: Int
    public var purgedBefore: Date
    public var purgedThrough: String

    public init(purgedCount: Int, purgedBefore: Date, purgedThrough: String) {
        self.purgedCount = purgedCount
        self.purgedBefore = purgedBefore
        self.purgedThrough = purgedThrough
    }

    /// `{"purgedBefore":"…","purgedCount":12,"purgedThrough":"…"}`, keys sorted.
    var json: String {
        "{\"purgedBefore\":\"\(LogTimestamp.text(purgedBefore))\",\"purgedCount\":\(purgedCount),\"purgedThrough\":\"\(purgedThrough)\"}"
    }

    init?(json: String) {
        guard case .object(let object) = try? JSONValue.parse(json.utf8), object.count == 3,
              case .number(let count) = object["purgedCount"], count >= 0, count.rounded() == count,
              case .string(let before) = object["purgedBefore"], let date = LogTimestamp.date(before),
              case .string(let through) = object["purgedThrough"], ChainHash.isWellFormed(through) else { return nil }
        self.init(purgedCount: Int(count), purgedBefore: date, purgedThrough: through)
    }
}
