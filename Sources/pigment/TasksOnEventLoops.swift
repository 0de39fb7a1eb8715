import NIOCore
import NIOPosix

/// Runs Swift's tasks on the consent server's event loops, as Vapor's app template does. Without it
/// every request crosses threads twice (the loop reads it, Swift's pool runs the handler, the loop
/// writes the answer). Measured with `python3 Tests/bench/bench.py --only api` on 2 cores: the empty
/// route went from 13,519 to 18,293 requests/s and event ingestion from 8,320 to 11,248 with 2 loops
/// (with 1 loop: 17,383 and 6,325, the handlers then sharing one thread).
///
/// The handlers must not block: the consent log's SQLite work runs on GRDB's own threads,
/// PostgreSQL's on PostgresNIO's loops, so nothing here waits on a loop.
enum TasksOnEventLoops {
    /// Sizes NIO's shared group and makes it Swift's global executor; call once, before the server
    /// starts and before anything else uses the shared group. False where NIO cannot (then tasks stay
    /// on Swift's own pool, which works, only slower).
    @discardableResult
    static func install(loops: Int) -> Bool {
        NIOSingletons.groupLoopCountSuggestion = loops
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
