import PostgresNIO

extension StorageFailure {
    /// PostgreSQL trouble that is the database's, not the request's, as a `StorageFailure` (answered
    /// 503 with `Retry-After`); nil for anything else (a refused insert, a bug), which stays an internal error.
    static func fromPostgres(_ error: any Error) -> StorageFailure? {
        if let transaction = error as? PostgresTransactionError {
            return [transaction.beginError, transaction.closureError, transaction.commitError].lazy.compactMap { $0.flatMap(fromPostgres) }.first
        }
        if error is CancellationError { return nil }
        guard let error = error as? PSQLError else { return nil }
        let state = error.serverInfo?[.sqlState] ?? ""
        let message = error.serverInfo?[.message] ?? "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "")
        let kind: Kind
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
             .sslUnsupported, .failedToAddSSLHandler, .queryCancelled:
            kind = .unavailable
        case .server:
            switch state {
            // Lock or statement timeouts, serialisation and deadlock: the database is busy, try again soon.
            case "55P03", "57014", "40001", "40P01": kind = .locked
            case "53100": kind = .diskFull
            case "25006": kind = .readOnly
            // Insufficient resources, operator intervention (shutdown, recovery), system and I/O errors.
            case _ where state.hasPrefix("53") || state.hasPrefix("57") || state.hasPrefix("08"): kind = .unavailable
            case "58030": kind = .ioError
            case _ where state.hasPrefix("58") || state.hasPrefix("XX"): kind = .unavailable
            default: return nil
            }
        default:
            return nil
        }
        return StorageFailure(kind: kind, underlying: "PostgreSQL \(state.isEmpty ? "" : state + ": ")\(message)")
    }
}
