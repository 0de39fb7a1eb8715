import Foundation
import HTTPTypes
import Hummingbird
import PigmentModel

/// `POST /api/events`: a page view or a named event from the analytics tag, counted only when the
/// consent log says this visitor opted in. The server checks, not the client: the choice cookie names
/// the consent id, and the cookie's own list of granted categories is never believed.
extension ConsentRoutes {
    func addEventRoutes(_ analytics: AnalyticsCollection, to router: Router<Context>) {
        router.post("api/events") { request, context in
            await self.answers.answering("/api/events") { try await self.recordEvent(request, analytics) }
        }
        router.get("api/events/mine") { request, _ in
            await self.answers.answering("/api/events/mine") { try await self.countEvents(request, analytics) }
        }
        router.delete("api/events/mine") { request, context in
            await self.answers.answering("/api/events/mine") {
                try await self.limited(context) { try await self.eraseEvents(request, analytics) }
            }
        }
        router.post("api/events/mine/erase") { request, context in
            await self.answers.answering("/api/events/mine/erase") {
                try await self.limited(context) { try await self.eraseEventsByForm(request, analytics) }
            }
        }
    }

    /// `GET /api/events/mine`: how many events are stored under the choice cookie's consent id.
    private func countEvents(_ request: Request, _ analytics: AnalyticsCollection) async throws -> Response {
        guard let consentID = ConsentCookie.consentID(in: request, configuration: configuration) else { return Self.noChoiceCookie }
        return JSONResponse.json(200, ["events": try await analytics.events.count(consentID: consentID)])
    }

    /// `DELETE /api/events/mine`: deletes them, and the consent log records that it was asked
    /// (an `erasure` entry with the visitor's choices unchanged), so the receipt shows it.
    private func eraseEvents(_ request: Request, _ analytics: AnalyticsCollection) async throws -> Response {
        if let refusal = crossOriginRefusal(request) { return refusal }
        guard let consentID = ConsentCookie.consentID(in: request, configuration: configuration) else { return Self.noChoiceCookie }
        guard let deleted = try await erase(consentID, request: request, analytics) else { return Self.noConsentRecorded }
        return JSONResponse.json(200, ["deleted": deleted])
    }

    /// Deletes a consent id's events and appends the `erasure` record (its choices unchanged); nil,
    /// and nothing deleted, when the log holds no such id. Shared by the DELETE and the no-JS form.
    func erase(_ consentID: String, request: Request, _ analytics: AnalyticsCollection) async throws -> Int? {
        guard let last = try await store.history(of: consentID).last else { return nil }
        let deleted = try await analytics.events.delete(consentID: consentID)
        let submission = ConsentSubmission(consentID: consentID, choices: last.choices, method: last.method, source: .preferences,
                                           pagePath: nil, policyVersion: last.policyVersion, event: .erasure)
        _ = try await store(submission, request: request)
        return deleted
    }

    static let noConsentRecorded = JSONResponse.error(SubmissionError(status: 404, code: "not_found", detail: "no consent recorded under this id"))

    static let noChoiceCookie = JSONResponse.error(SubmissionError(status: 400, code: "no_consent_cookie",
                                                                           detail: "the choice cookie names whose analytics data this is"))

    static let noAnalyticsConsent = "no_analytics_consent"

    /// The route the analytics tag calls on every page: every refusal below is a constant answer made
    /// once, and the cookies are read without `request.cookies` (see `RequestCookie`).
    private func recordEvent(_ request: Request, _ analytics: AnalyticsCollection) async throws -> Response {
        if let refusal = crossOriginRefusal(request) { return refusal }
        guard BodyMediaType(of: request) == .json else { return Self.unsupportedMediaType }
        // Consent first, so a visitor who did not opt in costs no parsing and learns nothing else.
        if request.headers[Self.secGPC] == "1" { return Self.refusedForGPC }
        guard let consentID = ConsentCookie.consentID(in: request, configuration: configuration) else { return Self.refusedWithoutChoice }
        let now = configuration.now()
        guard analytics.consents.mayCount(consentID, now: now) else { return Self.refusedWithoutOptIn }
        guard analytics.eventLimiter.allow(consentID, now: now.timeIntervalSince1970) else { return analytics.rateLimited }
        // The visitor's id, or a new one the answer sets (a first event, or a cookie that is not ours).
        let known = RequestCookie.value(analytics.visitorCookie, in: request).map { String($0) }.flatMap { ConsentID.isValid($0) ? $0 : nil }
        let visitor = known ?? ConsentID.generate()
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: PageEventParser.maximumBodySize)
        } catch {
            return Self.eventTooLarge
        }
        let fields = try body.withUnsafeReadableBytes { bytes throws(SubmissionError) in try PageEventParser.parse(bytes) }
        let family = analytics.userAgents.families(request.headers[.userAgent])
        let event = PageEvent(visitor: visitor, consentID: consentID, recordedAt: now, kind: fields.kind, name: fields.name, path: fields.path,
                              referrerHost: fields.referrerHost, device: fields.device, language: fields.language,
                              browser: family.browser, system: family.system)
        guard analytics.events.record(event) else { return Self.eventsBacklogged }
        guard known == nil else { return Self.eventRecorded }
        return Response(status: .noContent, headers: [.setCookie: AnalyticsVisitorCookie.header(
            name: analytics.visitorCookie, id: visitor, lifetime: analytics.visitorCookieLifetime, configuration: configuration)])
    }

    private static let eventRecorded = Response(status: .noContent)
    private static let unsupportedMediaType = JSONResponse.error(SubmissionError(status: 415, code: "unsupported_media_type", detail: "send application/json"))
    private static let refusedForGPC = refused("the browser sends Global Privacy Control")
    private static let refusedWithoutChoice = refused("no consent cookie: nothing is counted before a choice")
    private static let refusedWithoutOptIn = refused("the consent log holds no opt-in to analytics for this visitor within its lifetime")
    private static let eventTooLarge = JSONResponse.error(SubmissionError(status: 413, code: "body_too_large",
                                                                          detail: "an event may be at most \(PageEventParser.maximumBodySize) bytes"))
    private static let eventsBacklogged: Response = {
        var response = JSONResponse.error(SubmissionError(status: 503, code: "storage_unavailable", detail: "too many events wait to be written"))
        response.headers[.retryAfter] = "5"
        return response
    }()

    private static func refused(_ detail: String) -> Response {
        JSONResponse.error(SubmissionError(status: 403, code: noAnalyticsConsent, detail: detail))
    }
}
