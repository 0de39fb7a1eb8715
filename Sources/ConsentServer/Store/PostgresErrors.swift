import PostgresNIO

/// PostgresNIO's errors as the consent API answers them.
enum PostgresErrors {
    /// Storage trouble as `StorageFailure`; the store's own refusals out of the transaction wrapper
    /// PostgresNIO puts around them; anything else as it is.
    static func unwrapped(_ error: any Error) -> any Error {
        if let failure = StorageFailure.fromPostgres(error) { return failure }
        if let transaction = error as? PostgresTransactionError, let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
            return unwrapped(inner)
        }
        if let error = error as? PSQLError { return PostgresProblem(error) }
        return error
    }

    /// The work's answer, or `StorageFailure` (unavailable) once the time is up.
    static func within<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw StorageFailure(kind: .unavailable, underlying: "PostgreSQL did not answer within \(limit)")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}

/// A PostgreSQL error that is not storage trouble (a wrong password, a refused statement), with the
/// server's own words: PSQLError's description hides them, so a message would say nothing useful.
public struct PostgresProblem: Error, CustomStringConvertible {
    public var sqlState: String?
    public var message: String

    init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState]
        message = error.serverInfo?[.message] ?? "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
    }

    public var description: String { "PostgreSQL \(sqlState.map { $0 + ": " } ?? "")\(message)" }
}
