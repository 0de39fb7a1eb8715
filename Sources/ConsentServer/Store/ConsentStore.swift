import Foundation

/// Where consent records live. SQLite for one server, PostgreSQL when several share a database;
/// both pass the same conformance tests.
public protocol ConsentStore: Sendable {
    /// Appends the records in one durable transaction; returns only once they are committed.
    func append(_ records: [ConsentRecord]) async throws

    /// Every record of one visitor, oldest first: their receipt.
    func history(of consentID: String) async throws -> [ConsentRecord]

    /// Records in a time range, oldest first, for the auditor's export.
    func records(from: Date?, to: Date?) async throws -> [ConsentRecord]

    /// Deletes records older than the date; returns how many.
    func purge(olderThan date: Date) async throws -> Int

    func count() async throws -> Int
}

extension ConsentStore {
    public func append(_ record: ConsentRecord) async throws { try await append([record]) }
}
