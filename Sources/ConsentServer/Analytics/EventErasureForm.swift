import Foundation
import HTTPTypes
import Hummingbird
import PigmentModel

/// `POST /api/events/mine/erase`: "Delete my analytics data" without JavaScript. The preference
/// centre's form posts `return=/cookie-settings/#analytics-erased`; the events under the choice
/// cookie's consent id are deleted as `DELETE /api/events/mine` deletes them, and the visitor is sent
/// back (303) to that path, whose `:target` says it was done, or with `show=receipt` to the server's
/// receipt page (`ReceiptPage`), which shows the count now stored.
extension ConsentRoutes {
    func eraseEventsByForm(_ request: Request, _ analytics: AnalyticsCollection) async throws -> Response {
        // A browser sends Origin with every form POST. An erasure cannot be undone, so a request that
        // names no origin (a script, or a browser that hid it) is refused too, not only a foreign one.
        guard request.headers[.origin] != nil else { return Self.originRequired }
        if let refusal = crossOriginRefusal(request) { return refusal }
        guard BodyMediaType(of: request) == .form else {
            return JSONResponse.error(SubmissionError(status: 415, code: "unsupported_media_type", detail: "send application/x-www-form-urlencoded"))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: ConsentSubmissionParser.maximumBodySize)
        } catch {
            return JSONResponse.error(ConsentSubmissionParser.tooLarge)
        }
        let fields = try ConsentSubmissionParser.formFields(Data(buffer: body))
        if let unknown = fields.keys.sorted().first(where: { $0 != "return" && $0 != "show" }) { throw SubmissionError.invalid("unknown field '\(unknown)'") }
        let showReceipt = try SubmissionFields.showReceipt(fields["show"])
        guard let returnPath = try SubmissionFields.pagePath(fields["return"] ?? "/", field: "return") else {
            throw SubmissionError.invalid("'return' must be a site path like /cookie-settings/")
        }
        guard let consentID = ConsentCookie.consentID(in: request, configuration: configuration) else { return Self.noChoiceCookie }
        guard try await erase(consentID, request: request, analytics) != nil else { return Self.noConsentRecorded }
        let location = showReceipt ? Self.receiptPageAddress(after: .erased, returnPath: returnPath, site: siteOrigin(of: request)) : returnAddress(returnPath, for: request)
        return Response(status: .seeOther, headers: [.location: location])
    }

    private static let originRequired = JSONResponse.error(SubmissionError(status: 403, code: "cross_origin",
                                                                          detail: "an erasure is accepted only from a page of the site (no Origin was sent)"))
}
