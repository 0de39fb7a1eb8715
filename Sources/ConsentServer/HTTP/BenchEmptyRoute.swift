import Hummingbird

/// `POST /api/bench/empty`, only with `consent-server --bench-empty-route` (hidden, for
/// Tests/bench/bench.py): answers 204 at once, behind the same middleware as the API, so the bench
/// measures in the same run what the stack itself costs per request: the most `POST /api/events`
/// could answer on this machine.
extension ConsentRoutes {
    func addBenchEmptyRoute(to router: Router<Context>) {
        router.post("api/bench/empty") { request, _ in
            // Read as every real route reads it: a body left unread makes the server close the connection.
            _ = try? await request.body.collect(upTo: Self.largestBody)
            return Self.emptyAnswer
        }
    }

    private static let largestBody = 64 * 1024

    private static let emptyAnswer = Response(status: .noContent)
}
