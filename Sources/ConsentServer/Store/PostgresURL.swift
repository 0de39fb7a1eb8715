import Foundation

/// A PostgreSQL connection URL as libpq and managed hosts (Neon, RDS, Supabase) print them:
/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require`. The password and names are
/// percent-decoded; `sslmode` says whether TLS is off, tried, required, or required with the
/// server's certificate checked (`verify-full`, the only mode that stops a man in the middle).
public struct PostgresURL: Sendable, Equatable {
    public enum TLSMode: String, Sendable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode
    /// `sslrootcert`: a PEM file of the authorities that may sign the server's certificate (else the system's).
    public var rootCertificateFile: String?

    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var reason: String
        public var description: String { "invalid PostgreSQL URL: \(reason) (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=require)" }
    }

    public init(_ text: String) throws(Invalid) {
        guard let components = URLComponents(string: text), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else { throw Invalid(reason: "it must start with postgres:// or postgresql://") }
        guard let host = components.host, !host.isEmpty else { throw Invalid(reason: "it names no host") }
        guard let user = components.user.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else { throw Invalid(reason: "it names no user") }
        let database = String(components.path.drop(while: { $0 == "/" })).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else { throw Invalid(reason: "it names no database (…/DATABASE)") }
        self.user = user
        self.password = components.password.flatMap { $0.removingPercentEncoding }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw Invalid(reason: "port \(port) is out of range") }
        self.database = database
        var tls = TLSMode.prefer
        var rootCertificateFile: String?
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let value = item.value, let mode = TLSMode(rawValue: value) else {
                    throw Invalid(reason: "sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                tls = mode
            case "sslrootcert":
                rootCertificateFile = item.value
            // Options libpq knows that change nothing here; anything else is refused rather than ignored.
            case "application_name", "connect_timeout", "channel_binding":
                continue
            default:
                throw Invalid(reason: "unknown option '\(item.name)' (known: sslmode, sslrootcert)")
            }
        }
        self.tls = tls
        self.rootCertificateFile = rootCertificateFile
    }

    /// The URL without its password, for logs and messages.
    public var redacted: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// Whether a `--database` value names PostgreSQL.
    public static func isPostgres(_ text: String) -> Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }
}
