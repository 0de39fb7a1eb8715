import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Testing
@testable import ConsentServer

/// Without JavaScript the static preference centre cannot read the choice cookie, so its forms ask
/// for the server's receipt page (`show=receipt`), which shows what the log now holds.
@Suite("Receipt page without JavaScript")
struct ReceiptPageTests {
    static let site = "https://pigmentstudio.com"

    /// Posts a form; returns the status, the Location header and the choice cookie it set.
    static func postForm(_ server: EventAPITests.Server, _ path: String, body: String, cookie: String? = nil) async throws -> (Int, String?, String?) {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: site]
        if let cookie { headers[.cookie] = "pigment_consent=\(cookie)" }
        return try await server.client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            let setCookie = response.headers[values: .setCookie].first { $0.hasPrefix("pigment_consent=") }
            return (Int(response.status.code), response.headers[.location],
                    setCookie.map { String($0.dropFirst("pigment_consent=".count).prefix { $0 != ";" }) } ?? cookie)
        }
    }

    /// Fetches the receipt page as the browser does after the redirect: status, content type, HTML.
    static func page(_ server: EventAPITests.Server, _ uri: String, cookie: String?) async throws -> (Int, String?, String) {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = "pigment_consent=\(cookie)" }
        return try await server.client.execute(uri: uri, method: .get, headers: headers) { response in
            (Int(response.status.code), response.headers[.contentType], String(buffer: response.body))
        }
    }

    static let formFields = "show=receipt&return=%2Fcookie-settings%2F%23consent-saved&registryVersion=\(ConsentAPITests.registry.version)"

    static func analyticsSwitchIsOn(_ html: String) -> Bool {
        guard let start = html.range(of: "id=\"choice-analytics\"") else { return false }
        return html[start.upperBound...].prefix { $0 != ">" }.contains("checked")
    }

    static func receiptRows(_ html: String) -> Int { html.components(separatedBy: "<tr><td>").count - 1 }

    @Test func aSavedChoiceLandsOnThePageShowingItAndEachChangeAfter() async throws {
        try await EventAPITests.withServer { server in
            let (status, location, cookie) = try await Self.postForm(server, "/api/consent", body: "analytics=on&\(Self.formFields)")
            #expect(status == 303)
            #expect(location == "/api/consent/receipt?done=saved&return=/cookie-settings/&site=\(Self.site)",
                    "this server's page; the static page's fragment dropped; the site's origin kept for the way back")
            let saved = try await Self.page(server, location ?? "", cookie: cookie)
            #expect(saved.0 == 200 && saved.1 == "text/html; charset=utf-8")
            #expect(saved.2.contains("Your choice has been saved."))
            #expect(Self.analyticsSwitchIsOn(saved.2), "the switch shows the stored choice")
            #expect(saved.2.contains("allowed: Analytics"))
            #expect(Self.receiptRows(saved.2) == 1 && saved.2.contains("First choice (form without JavaScript)"))
            #expect(saved.2.contains("<code>\(String(cookie?.prefix(32) ?? ""))</code>"))
            #expect(saved.2.contains("href=\"\(Self.site)/cookie-settings/\""), "the way back leads to the site, not to this server")

            let rejected = try await Self.postForm(server, "/api/consent", body: "action=reject_all&\(Self.formFields)", cookie: cookie)
            let afterReject = try await Self.page(server, rejected.1 ?? "", cookie: rejected.2)
            #expect(!Self.analyticsSwitchIsOn(afterReject.2))
            #expect(afterReject.2.contains("only essential cookies are used"))
            #expect(Self.receiptRows(afterReject.2) == 2 && afterReject.2.contains("Changed (form without JavaScript)"))

            let withdrawn = try await Self.postForm(server, "/api/consent", body: "action=withdraw&\(Self.formFields)", cookie: rejected.2)
            #expect(withdrawn.1 == "/api/consent/receipt?done=withdrawn&return=/cookie-settings/&site=\(Self.site)")
            let afterWithdrawal = try await Self.page(server, withdrawn.1 ?? "", cookie: withdrawn.2)
            #expect(afterWithdrawal.2.contains("Your consent has been withdrawn") && afterWithdrawal.2.contains("Withdrawn ("))
            #expect(Self.receiptRows(afterWithdrawal.2) == 3)
        }
    }

    @Test func withoutAChoiceCookieThePageSaysSoAndClaimsNothingElse() async throws {
        try await EventAPITests.withServer { server in
            let (status, _, html) = try await Self.page(server, "/api/consent/receipt", cookie: nil)
            #expect(status == 200)
            #expect(html.contains("This browser has no recorded choice"))
            #expect(!Self.analyticsSwitchIsOn(html))
            #expect(Self.receiptRows(html) == 0 && !html.contains("Withdraw consent") && !html.contains("Delete my analytics data"))
            #expect(!html.contains("role=\"status\""), "nothing was saved, so nothing says so")
        }
    }

    @Test func anExpiredChoiceIsShownAsExpiredWithEveryOptionalCategoryOff() async throws {
        try await EventAPITests.withServer { server in
            let (_, _, cookie) = try await Self.postForm(server, "/api/consent", body: "analytics=on&\(Self.formFields)")
            server.clock.now.withLock { $0 = $0.addingTimeInterval(13 * 30 * 86_400) }
            let html = try await Self.page(server, "/api/consent/receipt", cookie: cookie).2
            #expect(html.contains("has expired"))
            #expect(!Self.analyticsSwitchIsOn(html))
            #expect(Self.receiptRows(html) == 1, "the receipt still shows what was recorded")
        }
    }

    @Test func deletingAnalyticsDataLandsOnThePageWithTheCountNowStored() async throws {
        try await EventAPITests.withServer { server in
            let (_, _, cookie) = try await Self.postForm(server, "/api/consent", body: "analytics=on&\(Self.formFields)")
            let consent = try #require(cookie)
            for _ in 0..<3 { #expect(try await EventAPITests.post(server, consent: consent).0 == 204) }
            #expect(try await Self.page(server, "/api/consent/receipt", cookie: consent).2.contains("<strong>3</strong>"))

            let (status, location, _) = try await Self.postForm(server, "/api/events/mine/erase",
                                                                body: "show=receipt&return=%2Fcookie-settings%2F%23analytics-erased", cookie: consent)
            #expect(status == 303 && location == "/api/consent/receipt?done=erased&return=/cookie-settings/&site=\(Self.site)")
            let html = try await Self.page(server, location ?? "", cookie: consent).2
            #expect(html.contains("Your analytics data has been deleted") && html.contains("<strong>0</strong>"))
            #expect(html.contains("Analytics data deleted ("), "the receipt shows the erasure record")
        }
    }

    @Test func theQueryCannotPutWordsOrLinksOnThePage() async throws {
        try await EventAPITests.withServer { server in
            let hostile = "/api/consent/receipt?done=%3Cscript%3Ealert(1)%3C%2Fscript%3E&return=https%3A%2F%2Fevil.example%2F"
            let html = try await Self.page(server, hostile, cookie: nil).2
            #expect(!html.contains("<script") && !html.contains("evil.example"))
            #expect(html.contains("href=\"\(Self.site)/cookie-settings/\""), "an unusable return falls back to the preference centre")
            let other = try await Self.page(server, "/api/consent/receipt?return=%2F%2Fevil.example%2F", cookie: nil).2
            #expect(!other.contains("evil.example"))
            let foreignSite = try await Self.page(server, "/api/consent/receipt?return=%2Fx%2F&site=https%3A%2F%2Fevil.example", cookie: nil).2
            #expect(!foreignSite.contains("evil.example") && foreignSite.contains("href=\"\(Self.site)/x/\""),
                    "only an origin this server allows is linked back to")

            let refused = try await Self.postForm(server, "/api/consent", body: "analytics=on&show=elsewhere&return=%2F")
            #expect(refused.0 == 400 && refused.1 == nil, "show may only name the receipt page")
            #expect(try await server.store.count() == 0)
        }
    }

    @Test func thePageCarriesNoScriptAndCannotBeFramed() async throws {
        try await EventAPITests.withServer { server in
            try await server.client.execute(uri: "/api/consent/receipt", method: .get) { response in
                let policy = response.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'") && policy.contains("form-action 'self'"))
                #expect(response.headers[.cacheControl] == "no-store")
            }
            try await server.client.execute(uri: ReceiptPage.stylesheetPath, method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "text/css; charset=utf-8")
            }
        }
    }
}
