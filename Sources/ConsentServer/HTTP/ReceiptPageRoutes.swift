import Foundation
import HTTPTypes
import Hummingbird
import PigmentModel

/// `GET /api/consent/receipt`: the visitor's choices and receipt as a page (`ReceiptPage`), read from
/// the log under the choice cookie. The preference centre's forms send `show=receipt`, and are
/// answered with a redirect here instead of back to the static page.
extension ConsentRoutes {
    func addReceiptPageRoutes(to router: Router<Context>) {
        router.get("api/consent/receipt") { request, _ in
            await self.answers.answering("/api/consent/receipt") { try await self.receiptPage(request) }
        }
        router.get("api/consent/receipt.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache", .xContentTypeOptions: "nosniff"],
                     body: .init(byteBuffer: ByteBuffer(string: ReceiptPage.css)))
        }
    }

    private func receiptPage(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        // Both come from a link anyone can make: an unknown outcome says nothing, a return that is
        // not a path of the site falls back to the preference centre.
        let outcome = query.get("done").flatMap(ReceiptPage.Outcome.init(rawValue:))
        let returnPath = query.get("return").flatMap { ConsentSubmissionParser.sameSitePath($0) }.map(SubmissionFields.withoutFragment) ?? "/cookie-settings/"
        // The site's origin when the form came from a page on another host: only an origin this server allows.
        let site = query.get("site").flatMap { configuration.crossOrigin.allows($0) ? $0 : nil } ?? configuration.siteOrigin
        let consentID = ConsentCookie.consentID(in: request, configuration: configuration)
        let history = if let consentID { try await store.history(of: consentID) } else { [ConsentRecord]() }
        let now = configuration.now()
        let expired = history.last.map { now.timeIntervalSince($0.recordedAt) > configuration.lifetimeAfterConsent } ?? false
        let events = if let analytics, let consentID, !history.isEmpty { try await analytics.events.count(consentID: consentID) } else { Int?.none }
        let page = ReceiptPage(registry: configuration.registry, history: history, expired: expired, analyticsEvents: events, outcome: outcome,
                               returnPath: returnPath, returnLink: (site ?? "") + returnPath,
                               policyVersion: configuration.policyVersion)
        return AdminPage.response(.ok, page.html())
    }

    /// Where a form that asked for the receipt page (`show=receipt`) sends the browser: this server's
    /// page, relative, so it resolves against the address the form was posted to.
    /// `site`: the origin of the page that posted the form, when it is not this server's, for the way back.
    static func receiptPageAddress(after outcome: ReceiptPage.Outcome, returnPath: String, site: String?) -> String {
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "done", value: outcome.rawValue), URLQueryItem(name: "return", value: SubmissionFields.withoutFragment(returnPath))]
            + (site.map { [URLQueryItem(name: "site", value: $0)] } ?? [])
        return "/api/consent/receipt?" + (query.percentEncodedQuery ?? "")
    }
}
