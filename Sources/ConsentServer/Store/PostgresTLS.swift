import NIOSSL
import PostgresNIO

/// The URL's `sslmode` as PostgresNIO's TLS setting, with libpq's meaning: `prefer` and `require`
/// encrypt without checking who answers, `verify-ca` checks the certificate's signer, `verify-full`
/// also its host name. `sslrootcert` names the signers to trust (else the system's).
enum PostgresTLS {
    /// The same setting for a single connection (migrations, imports), which takes a built context.
    static func connection(_ url: PostgresURL) throws -> PostgresConnection.Configuration.TLS {
        switch (url.tls, try client(url).1) {
        case (.disable, _), (_, nil): return .disable
        case (.prefer, let tls?): return .prefer(try NIOSSLContext(configuration: tls))
        case (_, let tls?): return .require(try NIOSSLContext(configuration: tls))
        }
    }

    static func configuration(_ url: PostgresURL) throws -> PostgresClient.Configuration.TLS {
        try client(url).0
    }

    private static func client(_ url: PostgresURL) throws -> (PostgresClient.Configuration.TLS, TLSConfiguration?) {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = url.rootCertificateFile { tls.trustRoots = .file(file) }
        switch url.tls {
        case .disable:
            return (.disable, nil)
        case .prefer:
            tls.certificateVerification = .none
            return (.prefer(tls), tls)
        case .require:
            tls.certificateVerification = .none
            return (.require(tls), tls)
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return (.require(tls), tls)
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return (.require(tls), tls)
        }
    }
}
