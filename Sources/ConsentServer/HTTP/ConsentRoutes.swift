import Foundation
import HTTPTypes
import Hummingbird
import PigmentModel

/// The consent API:
/// - `POST /api/consent`: record a choice (JSON, the no-JS form, or vanilla-cookieconsent's cookie);
/// - `GET /api/consent/{id}`: the visitor's receipt, current choices and full history;
/// - `POST /api/consent/{id}/withdraw`: turn every optional category off;
/// - `GET /api/consent/log-head`: how many entries the log holds and its newest hash, for auditors;
/// - `GET /healthz` (the process answers), `GET /readyz` (the log can be written), `GET /metrics`.
/// A 2xx is sent only after the record is committed; bad input gets a 4xx JSON error and stores
/// nothing; storage trouble gets a 503 JSON error with `Retry-After`.
public struct ConsentRoutes: Sendable {
    public typealias Context = ConsentRequestContext
    let store: any ConsentStore
    let configuration: ConsentAPIConfiguration
    let parser: ConsentSubmissionParser
    let metrics: ConsentMetrics
    let rateLimiter: RateLimiter
    let health: StorageHealth
    let answers: FailureAnswers
    /// First-party analytics, counted only for visitors the log says opted in (`POST /api/events`).
    let analytics: AnalyticsCollection?
    /// `POST /api/bench/empty` for the bench's measure of the stack's own cost (`BenchEmptyRoute`).
    public var benchEmptyRoute = false
    /// Global Privacy Control's request header.
    static var secGPC: HTTPField.Name { HTTPField.Name("Sec-GPC")! }

    public init(store: any ConsentStore, configuration: ConsentAPIConfiguration, metrics: ConsentMetrics = ConsentMetrics(),
                health: StorageHealth? = nil, rateLimiter: RateLimiter = RateLimiter(perMinute: 60), analytics: AnalyticsCollection? = nil) {
        self.store = store
        self.analytics = analytics
        self.configuration = configuration
        self.parser = ConsentSubmissionParser(registry: configuration.registry, siteOrigin: configuration.siteOrigin)
        self.metrics = metrics
        self.rateLimiter = rateLimiter
        self.health = health ?? StorageHealth(metrics: metrics)
        self.answers = FailureAnswers(metrics: metrics, health: self.health)
    }

    public func add(to router: Router<Context>) {
        // First, so it covers these routes and any added after them (a router middleware wraps only those).
        router.add(middleware: CrossOriginMiddleware(policy: configuration.crossOrigin, metrics: metrics))
        router.post("api/consent") { request, context in
            await self.answers.answering("/api/consent") { try await self.limited(context) { try await self.record(request) } }
        }
        router.get("api/consent/log-head") { _, _ in
            await self.answers.answering("/api/consent/log-head") {
                JSONResponse.json(200, try await self.store.logHead())
            }
        }
        router.get("api/consent/:id") { _, context in
            await self.answers.answering("/api/consent/{id}") { try await self.receipt(context.parameters.get("id") ?? "") }
        }
        router.post("api/consent/:id/withdraw") { request, context in
            await self.answers.answering("/api/consent/{id}/withdraw") {
                try await self.limited(context) { try await self.withdraw(context.parameters.get("id") ?? "", request: request) }
            }
        }
        addReceiptPageRoutes(to: router)
        if let analytics { addEventRoutes(analytics, to: router) }
        if benchEmptyRoute { addBenchEmptyRoute(to: router) }
        router.get("healthz") { _, _ in JSONResponse.json(200, ["status": "ok"]) }
        router.get("readyz") { _, _ in
            guard let failure = await self.health.readiness(self.store) else { return JSONResponse.json(200, ["status": "ready"]) }
            var response = JSONResponse.json(503, ["status": "unavailable", "error": "storage_unavailable", "detail": failure.kind.reason,
                                                   "kind": failure.kind.rawValue])
            response.headers[.retryAfter] = String(failure.kind.retryAfterSeconds)
            return response
        }
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: self.metrics.text())))
        }
    }

    private func record(_ request: Request) async throws -> Response {
        if let refusal = crossOriginRefusal(request) { return refusal }
        let type = BodyMediaType(of: request)
        guard type != .other else {
            return JSONResponse.error(SubmissionError(status: 415, code: "unsupported_media_type",
                                                      detail: "send application/json or application/x-www-form-urlencoded"))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: ConsentSubmissionParser.maximumBodySize)
        } catch {
            return JSONResponse.error(ConsentSubmissionParser.tooLarge)
        }
        if type == .json {
            let submission = try body.withUnsafeReadableBytes { bytes throws(SubmissionError) in try parser.parseJSON(bytes: bytes) }
            let stored = try await store(submission, request: request)
            return JSONResponse.created(stored, cookies: ConsentCookie.headers(for: stored, configuration: configuration))
        }
        let (submission, returnPath, showReceipt) = try parser.parseForm(Data(buffer: body))
        let stored = try await store(submission, request: request)
        var headers = JSONResponse.setCookies(ConsentCookie.headers(for: stored, configuration: configuration))
        headers[.location] = showReceipt
            ? Self.receiptPageAddress(after: stored.event == .withdraw ? .withdrawn : .saved, returnPath: returnPath, site: siteOrigin(of: request))
            : returnAddress(returnPath, for: request)
        return Response(status: .seeOther, headers: headers)
    }

    /// The server makes consent ids. A choice under an id the log already holds is a change by whoever
    /// holds that id (the visitor's cookie or their banner); an id the log does not hold is used only if
    /// it is a random UUID the client made (vanilla-cookieconsent makes its own), else a new one is made.
    func store(_ submission: ConsentSubmission, request: Request) async throws -> ConsentRecord {
        let claimed = submission.consentID ?? ConsentCookie.consentID(in: request, configuration: configuration)
        let known = if let claimed { try await !store.history(of: claimed).isEmpty } else { false }
        let id = if let claimed, known || ConsentID.isAcceptableClientChosen(claimed) { claimed } else { ConsentID.generate() }
        let record = ConsentRecord(
            consentID: id, recordedAt: configuration.now(), event: submission.event ?? (known ? .change : .first),
            choices: submission.choices, registryVersion: configuration.registryVersion,
            policyVersion: submission.policyVersion ?? configuration.policyVersion,
            method: submission.method, source: submission.source,
            gpc: submission.gpc || request.headers[Self.secGPC] == "1", pagePath: submission.pagePath, clientRevision: submission.clientRevision)
        try await store.append(record)
        analytics?.consents.observe(record)
        health.succeeded()
        metrics.recordWritten(record.event)
        return record
    }

    private func receipt(_ rawID: String) async throws -> Response {
        guard let id = ConsentID.normalized(rawID) else { return Self.invalidID }
        let history = try await store.history(of: id)
        guard let current = history.last else {
            return JSONResponse.error(SubmissionError(status: 404, code: "not_found", detail: "no consent recorded under this id"))
        }
        return JSONResponse.json(200, ConsentReceipt(current: current, history: history))
    }

    private func withdraw(_ rawID: String, request: Request) async throws -> Response {
        if let refusal = crossOriginRefusal(request) { return refusal }
        guard let id = ConsentID.normalized(rawID) else { return Self.invalidID }
        guard let last = try await store.history(of: id).last else {
            return JSONResponse.error(SubmissionError(status: 404, code: "not_found", detail: "no consent recorded under this id"))
        }
        var choices = last.choices
        for category in configuration.registry.categories { choices[category.id] = category.required }
        let submission = ConsentSubmission(consentID: id, choices: choices, method: .rejectAll, source: .preferences,
                                           pagePath: nil, policyVersion: last.policyVersion, event: .withdraw)
        let stored = try await store(submission, request: request)
        return JSONResponse.created(stored, cookies: ConsentCookie.headers(for: stored, configuration: configuration))
    }

    private static let invalidID = JSONResponse.error(SubmissionError(status: 400, code: "invalid_consent_id",
                                                                     detail: "a consent id is 32 hex digits or a UUID"))

    /// Answers 429 to a client that has used up its requests for now; the record is not made.
    func limited(_ context: Context, _ work: () async throws -> Response) async throws -> Response {
        // Checked first so an unlimited server (`--rate-limit 0`) does not format the client's address per request.
        guard rateLimiter.perMinute <= 0 || rateLimiter.allow(context.clientKey) else {
            var response = JSONResponse.error(SubmissionError(status: 429, code: "rate_limited", detail: "too many requests; try again in a minute"))
            response.headers[.retryAfter] = "60"
            return response
        }
        return try await work()
    }

    /// `origin == "http://\(host)" || origin == "https://\(host)"`, without building either string per request.
    static func origin(_ origin: String, isSchemeAnd host: String) -> Bool {
        let rest = origin.hasPrefix("https://") ? origin.utf8.dropFirst(8) : origin.hasPrefix("http://") ? origin.utf8.dropFirst(7) : nil
        return rest.map { $0.elementsEqual(host.utf8) } ?? false
    }

    /// Browsers send `Origin` with every POST; only the site (`--site-origin`, `--allowed-origin`) or the server's own host may record choices.
    func crossOriginRefusal(_ request: Request) -> Response? {
        guard let origin = request.headers[.origin] else { return nil }
        if configuration.crossOrigin.allows(origin) || isOwnOrigin(origin, of: request) { return nil }
        return CrossOriginMiddleware<Context>.refusal(from: origin)
    }

    private func isOwnOrigin(_ origin: String, of request: Request) -> Bool {
        request.head.authority.map { Self.origin(origin, isSchemeAnd: $0) } ?? false
    }

    /// Where the no-JavaScript form sends the visitor back: its `return` path on the origin that sent
    /// it, absolute when that is an allowed origin other than this server's (a site on a CDN). Any
    /// other origin was refused before, so the form cannot send a visitor to a site of its choosing.
    func returnAddress(_ path: String, for request: Request) -> String {
        (siteOrigin(of: request) ?? "") + path
    }

    /// The request's `Origin` when it is an allowed origin other than this server's: the site's, on a CDN.
    func siteOrigin(of request: Request) -> String? {
        guard let origin = request.headers[.origin], configuration.crossOrigin.allows(origin), !isOwnOrigin(origin, of: request) else { return nil }
        return origin
    }
}
