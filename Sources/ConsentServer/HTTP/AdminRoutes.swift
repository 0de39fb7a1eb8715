import Foundation
import Hummingbird
import PigmentModel

/// The auditor's view of the log, behind a bearer token:
/// - `GET /admin/consents.csv?from=2026-05-01&to=2026-06-01`: every record in the range, as CSV, streamed;
/// - `GET /admin/stats`: per day and category, how many choices were made and the opt-in rate;
/// - `GET /admin/`: the dashboard (`DashboardRoutes`), for a browser signed in through `/admin/login`
///   (`LoginRoutes`); every admin route takes the session cookie or the bearer token alike.
public struct AdminRoutes: Sendable {
    public typealias Context = ConsentRequestContext
    let store: any ConsentStore
    let registry: ConsentRegistryView
    /// Without a token configured, nobody gets in.
    let token: String?
    /// The bearer token, and the sessions the login form starts.
    let gate: AdminGate
    /// Nil when the server collects no events: the dashboard then shows the consent log only.
    let analytics: AnalyticsCollection?
    let answers: FailureAnswers
    /// Records read from the store at a time: an export of any size holds one page in memory.
    static let pageSize = 1000

    public init(store: any ConsentStore, configuration: ConsentAPIConfiguration, token: String?, metrics: ConsentMetrics = ConsentMetrics(),
                health: StorageHealth? = nil, analytics: AnalyticsCollection? = nil, failedLoginsPerMinute: Int = 10,
                sessionLifetime: TimeInterval = 12 * 3600) {
        self.store = store
        self.registry = ConsentRegistryView(configuration.registry)
        self.token = token
        self.analytics = analytics
        self.gate = AdminGate(token: token, sessions: AdminSessions(lifetime: sessionLifetime), throttle: LoginThrottle(limit: failedLoginsPerMinute),
                              now: configuration.now)
        self.answers = FailureAnswers(metrics: metrics, health: health ?? StorageHealth(metrics: metrics))
    }

    public func add(to router: Router<Context>) {
        LoginRoutes(gate: gate).add(to: router)
        DashboardRoutes(store: store, registry: registry, analytics: analytics, gate: gate, answers: answers).add(to: router)
        router.get("admin/consents.csv") { request, _ in
            await self.answers.answering("/admin/consents.csv") {
                if let refusal = self.unauthorized(request) { return refusal }
                guard case .success(let from) = Self.day(request.uri.queryParameters.get("from")),
                      case .success(let to) = Self.day(request.uri.queryParameters.get("to")) else {
                    return JSONResponse.error(.invalid("from and to must be days that exist, like 2026-05-04"))
                }
                return try await self.csv(from: from, to: to)
            }
        }
        router.get("admin/stats") { request, _ in
            await self.answers.answering("/admin/stats") {
                if let refusal = self.unauthorized(request) { return refusal }
                var stats = ConsentStats(categories: self.registry.optionalIDs)
                try await self.eachPage(from: nil, to: nil) { page in
                    for entry in page {
                        switch entry.record {
                        case .success(let record): stats.add(record)
                        case .failure(let unreadable): stats.unreadable += 1; self.answers.unreadableFound(unreadable)
                        }
                    }
                }
                return JSONResponse.json(200, stats)
            }
        }
    }

    /// The first page is read before anything is sent, so a storage failure is still a 503. A failure
    /// later cuts the stream short (the chunked body never ends), which a client sees as incomplete.
    private func csv(from: Date?, to: Date?) async throws -> Response {
        let first = try await store.records(from: from, to: to, after: 0, limit: Self.pageSize)
        let body = ResponseBody { [self] writer in
            var page = first
            try await writer.write(ByteBuffer(string: ConsentCSV.header(categories: registry.ids)))
            while let last = page.last {
                var text = ""
                for entry in page {
                    if case .failure(let unreadable) = entry.record { answers.unreadableFound(unreadable) }
                    text += ConsentCSV.row(entry, categories: registry.ids)
                }
                try await writer.write(ByteBuffer(string: text))
                do {
                    page = try await store.records(from: from, to: to, after: last.position, limit: Self.pageSize)
                } catch {
                    _ = answers.answer(for: error) // logged and counted; the cut-off body tells the client
                    throw error
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store", .xContentTypeOptions: "nosniff",
                                               .contentDisposition: "attachment; filename=\"consents.csv\""], body: body)
    }

    private func eachPage(from: Date?, to: Date?, _ body: ([LoggedRecord]) -> Void) async throws {
        var after: Int64 = 0
        while true {
            let page = try await store.records(from: from, to: to, after: after, limit: Self.pageSize)
            guard let last = page.last else { return }
            body(page)
            after = last.position
        }
    }

    private func unauthorized(_ request: Request) -> Response? {
        gate.access(request) == nil ? gate.refusal(request) : nil
    }

    /// `2026-05-04` → midnight UTC; absent → nil; a day that does not exist (`2026-13-01`) → failure.
    static func day(_ text: String?) -> Result<Date?, SubmissionError> {
        guard let text, !text.isEmpty else { return .success(nil) }
        return UTCDay.date(text).map { .success($0) } ?? .failure(.invalid("not a day: \(text)"))
    }
}
