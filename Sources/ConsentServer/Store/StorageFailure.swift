/// The log could not be written (or read) because of its storage, not the request: locked by another
/// process, a full disk, a read-only file system. Answered 503 with `Retry-After`; the client may
/// send the same choice again, since nothing was recorded.
public struct StorageFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case locked
        case diskFull = "disk_full"
        case readOnly = "read_only"
        case ioError = "io_error"
        case unavailable

        /// What a visitor's client is told, in words.
        var reason: String {
            switch self {
            case .locked: "the consent log is locked by another process"
            case .diskFull: "the consent log's disk is full"
            case .readOnly: "the consent log's storage is read-only"
            case .ioError: "the consent log's storage failed to write"
            case .unavailable: "the consent log cannot be opened"
            }
        }

        /// A lock clears in seconds; a full or read-only disk needs an operator.
        var retryAfterSeconds: Int { self == .locked ? 5 : 30 }
    }

    public var kind: Kind
    /// The store's own words, for the server's log only.
    public var underlying: String

    public init(kind: Kind, underlying: String) {
        self.kind = kind
        self.underlying = underlying
    }

    public var description: String { "\(kind.reason) (\(underlying))" }
}
