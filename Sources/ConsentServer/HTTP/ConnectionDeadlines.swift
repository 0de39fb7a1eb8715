import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// How long a connection may hold the server while the client is the slow side, as nginx bounds it
/// (`client_header_timeout 60s`, `client_body_timeout 60s`, `keepalive_timeout 75s`): without these a
/// client that sends half a header, nothing at all, a body at a trickle, or keeps a keep-alive open
/// holds a descriptor forever, and a few hundred such clients lock everyone else out.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// From the connection (or the last answer) to the end of the request's header.
    public var header: TimeAmount
    /// From the end of the header to the end of the body.
    public var body: TimeAmount
    /// An open connection with no request on it.
    public var idle: TimeAmount

    public init(header: TimeAmount = .seconds(60), body: TimeAmount = .seconds(60), idle: TimeAmount = .seconds(75)) {
        self.header = header
        self.body = body
        self.idle = idle
    }
}

/// Enforces `ConnectionTimeouts` on one HTTP/1 connection, and closes it after an answer sent while
/// the request's body was still unread (a 413, a refusal before reading) or marked `Connection: close`:
/// reading the rest would let the client decide how long it holds the connection.
final class ConnectionDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeouts: ConnectionTimeouts
    private var deadline: Scheduled<Void>?
    /// Requests whose head was read and whose answer has not been written to its end.
    private var requestsInFlight = 0
    private var readingBody = false
    private var closeAfterAnswer = false

    init(timeouts: ConnectionTimeouts) { self.timeouts = timeouts }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(timeouts.header, context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { disarm() }

    func channelActive(context: ChannelHandlerContext) {
        if deadline == nil { arm(timeouts.header, context) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestsInFlight += 1
            readingBody = true
            arm(timeouts.body, context)
        case .body:
            break
        case .end:
            readingBody = false
            // The handler's time is the server's own: no deadline until the answer is written.
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            if readingBody || response.headerFields[.connection]?.lowercased() == "close" { closeAfterAnswer = true }
        case .body:
            break
        case .end:
            requestsInFlight -= 1
            if closeAfterAnswer {
                // As Hummingbird's own connection handler closes: the flushed answer goes out first.
                context.writeAndFlush(data, promise: promise)
                context.close(promise: nil)
                return
            }
            if requestsInFlight == 0 && !readingBody { arm(timeouts.idle, context) }
        }
        context.write(data, promise: promise)
    }

    private func arm(_ timeout: TimeAmount, _ context: ChannelHandlerContext) {
        disarm()
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { context.close(promise: nil) }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension ConnectionDeadlines: Sendable {}

extension HTTPServerBuilder {
    /// HTTP/1 with `ConnectionDeadlines` on every connection: how the consent server and `pigment serve` listen.
    public static func http1(timeouts: ConnectionTimeouts) -> HTTPServerBuilder {
        .http1(configuration: .init(additionalChannelHandlers: [ConnectionDeadlines(timeouts: timeouts)]))
    }
}
