import NIOSSL
import PostgresNIO

/// The URL's `sslmode` as PostgresNIO's TLS setting, with libpq's meaning: `prefer` and `require`
/// encrypt without checking who answers, `verify-ca` checks the certificate's signer, `verify-full`
/// also its host name. `sslrootcert` names the signers to trust (else the system's).
enum PostgresTLS {
    static func configuration(_ url: PostgresURL) throws -> PostgresClient.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = url.rootCertificateFile { tls.trustRoots = .file(file) }
        switch url.tls {
        case .disable:
            return .disable
        case .prefer:
            tls.certificateVerification = .none
            return .prefer(tls)
        case .require:
            tls.certificateVerification = .none
            return .require(tls)
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
            return .require(tls)
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            return .require(tls)
        }
    }
}
