import Hummingbird
import NIOCore

/// The request context of the consent server: Hummingbird's basics plus the client's address,
/// used only in memory, to rate-limit; it is never stored.
public struct ConsentRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text, or "unknown".
    var clientKey: String { remoteAddress?.ipAddress ?? "unknown" }
}
