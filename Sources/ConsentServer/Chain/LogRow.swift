import Foundation
import PigmentModel

/// A log entry as a store holds it: its position, the stored value of each hashed column, and its
/// links in the chain. The one mapping between records and stored values, shared by every store, so
/// what is hashed is exactly what is stored and read back.
public struct LogRow: Sendable {
    /// The columns the chain hashes, in the order it hashes them. A column added later goes at the end,
    /// and is hashed only when it holds a value (`ChainHash`), so entries written before it keep their hash.
    public static let hashedColumns = ["consent_id", "recorded_at", "event", "choices", "registry_version", "policy_version",
                                       "method", "source", "gpc", "page_path", "checkpoint", "client_revision"]

    /// Where the purge checkpoint sits in `hashedColumns`: set only on a checkpoint entry.
    static let checkpointIndex = 10

    /// The entry's id: ids only grow and are never reused.
    public var position: Int64
    /// One value per `hashedColumns` entry, in that order.
    public var values: [StoredValue]
    public var previousHash: StoredValue
    public var hash: StoredValue

    public init(position: Int64, values: [StoredValue], previousHash: StoredValue, hash: StoredValue) {
        self.position = position
        self.values = values
        self.previousHash = previousHash
        self.hash = hash
    }

    /// What an entry is once read: a visitor's record, or a purge's checkpoint.
    public enum Content: Equatable, Sendable {
        case record(ConsentRecord)
        case checkpoint(Checkpoint, recordedAt: Date)
    }

    public static func values(of record: ConsentRecord) -> [StoredValue] {
        [.text(record.consentID), .text(LogTimestamp.text(record.recordedAt)), .text(record.event.rawValue),
         .text(JSONText.encode(record.choices)), .text(record.registryVersion), record.policyVersion.map(StoredValue.text) ?? .null,
         .text(record.method.rawValue), .text(record.source.rawValue), .integer(record.gpc ? 1 : 0),
         record.pagePath.map(StoredValue.text) ?? .null, .null, record.clientRevision.map(StoredValue.text) ?? .null]
    }

    /// A checkpoint holds no visitor's data: its record columns are empty.
    public static func values(of checkpoint: Checkpoint, recordedAt: Date) -> [StoredValue] {
        [.text(""), .text(LogTimestamp.text(recordedAt)), .text(Self.checkpointEvent), .text("{}"), .text(""), .null,
         .text(""), .text(""), .integer(0), .null, .text(JSONText.encode(checkpoint)), .null]
    }

    static let checkpointEvent = "checkpoint"

    /// The hash these values should carry after `previous`.
    public func expectedHash(after previous: String) -> String { ChainHash.hash(previous: previous, values: values) }

    public var isCheckpoint: Bool { values.count == Self.hashedColumns.count && values[Self.checkpointIndex] != .null }

    public func content() throws(UnreadableRecord) -> Content {
        guard values.count == Self.hashedColumns.count else { throw unreadable("*", "has \(values.count) columns") }
        if values[Self.checkpointIndex] != .null {
            guard case .text(let json) = values[Self.checkpointIndex], let checkpoint = Checkpoint(json: json) else {
                throw unreadable(Self.checkpointIndex, "holds \(Self.describe(values[Self.checkpointIndex])) where a purge checkpoint belongs")
            }
            // The server writes a checkpoint with no client's data: a revision there was put in by hand.
            guard values[11] == .null else { throw unreadable(11, "holds \(Self.describe(values[11])) on a purge checkpoint, which has none") }
            return .checkpoint(checkpoint, recordedAt: try timestamp())
        }
        return .record(try record())
    }

    /// The visitor's record this entry holds. Every column must hold what the server writes: a value it
    /// would not write is an error naming the entry and the column, never a default.
    public func record() throws(UnreadableRecord) -> ConsentRecord {
        guard values.count == Self.hashedColumns.count else { throw unreadable("*", "has \(values.count) columns") }
        guard values[Self.checkpointIndex] == .null else { throw unreadable(Self.checkpointIndex, "is set: the entry is a purge checkpoint, not a record") }
        guard case .text(let id) = values[0], ConsentID.isValid(id) else {
            throw unreadable(0, "holds \(Self.describe(values[0])) where 32 lowercase hex digits belong")
        }
        return ConsentRecord(
            consentID: id, recordedAt: try timestamp(), event: try enumeration(2), choices: try choices(),
            registryVersion: try text(4), policyVersion: try optionalText(5), method: try enumeration(6), source: try enumeration(7),
            gpc: try flag(8), pagePath: try optionalText(9), clientRevision: try optionalText(11))
    }

    private func timestamp() throws(UnreadableRecord) -> Date {
        guard case .text(let text) = values[1], let date = LogTimestamp.date(text) else {
            throw unreadable(1, "holds \(Self.describe(values[1])) where a time like 2026-05-04T10:30:00.000Z belongs")
        }
        return date
    }

    private func text(_ index: Int) throws(UnreadableRecord) -> String {
        guard case .text(let text) = values[index] else { throw unreadable(index, "holds \(Self.describe(values[index])) where text belongs") }
        return text
    }

    private func optionalText(_ index: Int) throws(UnreadableRecord) -> String? {
        values[index] == .null ? nil : try text(index)
    }

    private func enumeration<T: RawRepresentable & CaseIterable>(_ index: Int) throws(UnreadableRecord) -> T where T.RawValue == String {
        guard case .text(let text) = values[index], let value = T(rawValue: text) else {
            throw unreadable(index, "holds \(Self.describe(values[index])) where one of \(T.allCases.map(\.rawValue).joined(separator: ", ")) belongs")
        }
        return value
    }

    private func flag(_ index: Int) throws(UnreadableRecord) -> Bool {
        switch values[index] {
        case .integer(0): return false
        case .integer(1): return true
        default: throw unreadable(index, "holds \(Self.describe(values[index])) where 0 or 1 belongs")
        }
    }

    private func choices() throws(UnreadableRecord) -> [String: Bool] {
        guard case .text(let json) = values[3], case .object(let members)? = try? JSONValue.parse(json.utf8) else {
            throw unreadable(3, "holds \(Self.describe(values[3])) where a JSON object of category → true/false belongs")
        }
        var choices: [String: Bool] = [:]
        for (category, value) in members {
            guard case .bool(let granted) = value else {
                throw unreadable(3, "holds \(Self.describe(values[3])) where a JSON object of category → true/false belongs")
            }
            choices[category] = granted
        }
        return choices
    }

    private func unreadable(_ index: Int, _ problem: String) -> UnreadableRecord {
        unreadable(Self.hashedColumns[index], problem)
    }

    private func unreadable(_ column: String, _ problem: String) -> UnreadableRecord {
        UnreadableRecord(position: position, column: column, problem: problem)
    }

    /// A stored value for an error message: its type, and text cut short with control characters
    /// shown as escapes, so a hostile value cannot forge lines in a log.
    static func describe(_ value: StoredValue) -> String {
        switch value {
        case .null: return "NULL"
        case .integer(let number): return "the integer \(number)"
        case .real(let number): return "the number \(number)"
        case .blob(let bytes): return "\(bytes.count) bytes of binary data"
        case .text(let text):
            var shown = ""
            for scalar in text.unicodeScalars.prefix(40) {
                shown += scalar.properties.generalCategory == .control || scalar == "'" ? scalar.escaped(asASCII: true) : String(scalar)
            }
            return "'\(shown)\(text.unicodeScalars.count > 40 ? "…" : "")'"
        }
    }
}

/// An entry of the log that does not hold what the server writes (a row written or edited outside
/// it): answered as an error and counted, never trapped on and never read as a default.
public struct UnreadableRecord: Error, Equatable, Sendable, CustomStringConvertible {
    public var position: Int64
    public var column: String
    public var problem: String

    public var description: String { "entry \(position) of the consent log cannot be read: \(column) \(problem)" }
}
