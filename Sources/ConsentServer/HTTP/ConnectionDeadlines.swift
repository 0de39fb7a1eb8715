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
///
/// A request only notes when its phase began; one timer per connection checks the phase when it fires.
/// Scheduling and cancelling a timer at each phase instead (four per request) cost 2–3% of the
/// server's CPU under the API benchmark's `wrk` load; this way the handler's own time is under 0.1%
/// (perf record, 2026-11-30). The timer is set at most the shortest timeout ahead, so it always fires
/// before any phase's deadline and closes on time.
final class ConnectionDeadlines: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Phase {
        case awaitingHeader, readingBody, answering, idle
    }

    private let timeouts: ConnectionTimeouts
    private var phase = Phase.awaitingHeader
    private var phaseBegan = NIODeadline.now()
    private var timer: Scheduled<Void>?
    /// Requests whose head was read and whose answer has not been written to its end.
    private var requestsInFlight = 0
    private var closeAfterAnswer = false

    init(timeouts: ConnectionTimeouts) { self.timeouts = timeouts }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { enter(.awaitingHeader, context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { stopTimer() }

    func channelActive(context: ChannelHandlerContext) {
        enter(.awaitingHeader, context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestsInFlight += 1
            enter(.readingBody, context)
        case .body:
            break
        case .end:
            // The handler's time is the server's own: no deadline until the answer is written.
            enter(.answering, context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let response):
            if phase == .readingBody || response.headerFields[.connection]?.lowercased() == "close" { closeAfterAnswer = true }
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
            if requestsInFlight == 0 && phase != .readingBody { enter(.idle, context) }
        }
        context.write(data, promise: promise)
    }

    private func limit(of phase: Phase) -> TimeAmount? {
        switch phase {
        case .awaitingHeader: timeouts.header
        case .readingBody: timeouts.body
        case .idle: timeouts.idle
        case .answering: nil
        }
    }

    private func enter(_ phase: Phase, _ context: ChannelHandlerContext) {
        self.phase = phase
        phaseBegan = .now()
        if timer == nil, let limit = limit(of: phase) { startTimer(at: phaseBegan + limit, context) }
    }

    /// Never further ahead than the shortest timeout, so no later phase's deadline comes before it fires.
    private func startTimer(at deadline: NIODeadline, _ context: ChannelHandlerContext) {
        let soonest = NIODeadline.now() + min(timeouts.header, timeouts.body, timeouts.idle)
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: min(deadline, soonest)) { self.check(context) }
    }

    private func check(_ context: ChannelHandlerContext) {
        timer = nil
        guard let limit = limit(of: phase) else { return }  // answering: the next phase starts the timer again
        let deadline = phaseBegan + limit
        if deadline <= .now() {
            context.close(promise: nil)
        } else {
            startTimer(at: deadline, context)
        }
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
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
