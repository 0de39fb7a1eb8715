import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Synchronization
import Testing
@testable import ConsentServer

/// `/admin/`: the login form and its session cookie, CSRF on every form, the bearer token for
/// scripts, the range, the chart, escaping and the CSVs.
@Suite("Dashboard")
struct DashboardTests {
    static let token = ConsentAPITests.adminToken
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static let browser: HTTPFields = [.accept: "text/html,application/xhtml+xml"]

    struct Server {
        let client: any TestClientProtocol
        let store: SQLiteConsentStore
        let events: SQLiteEventStore
        let clock: EventAPITests.Clock
    }

    static func withServer(analytics: Bool = true, _ body: @Sendable (Server) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteConsentStore(path: directory.appendingPathComponent("consents.sqlite").path)
        let events = try SQLiteEventStore(path: directory.appendingPathComponent("events.sqlite").path)
        let clock = EventAPITests.Clock()
        var configuration = ConsentAPIConfiguration(registry: ConsentAPITests.registry, policyVersion: "2026-05-04",
                                                    siteOrigin: "https://pigmentstudio.com")
        configuration.now = { clock.now.withLock { $0 } }
        let collection = AnalyticsCollection(registry: ConsentAPITests.registry, events: events, lifetime: configuration.lifetimeAfterConsent)
        let router = Router(context: ConsentRequestContext.self)
        ConsentRoutes(store: store, configuration: configuration, rateLimiter: RateLimiter(perMinute: 0), analytics: collection).add(to: router)
        AdminRoutes(store: store, configuration: configuration, token: token, analytics: analytics ? collection : nil).add(to: router)
        let app = Application(router: router, server: .http1(timeouts: ConnectionTimeouts()),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(Server(client: client, store: store, events: events, clock: clock))
        }
    }

    /// The value after `name="csrf" value="` in a page.
    static func hiddenToken(_ html: String) -> String? {
        guard let start = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[start.upperBound...].prefix { $0 != "\"" })
    }

    static func cookieValue(_ response: TestResponse, _ name: String) -> String? {
        guard let cookie = response.headers[values: .setCookie].first(where: { $0.hasPrefix("\(name)=") }) else { return nil }
        return String(cookie.dropFirst(name.count + 1).prefix { $0 != ";" })
    }

    /// The login form's double-submit cookie and hidden field.
    static func loginForm(_ server: Server) async throws -> (cookie: String, field: String) {
        try await server.client.execute(uri: "/admin/login", method: .get, headers: browser) { response in
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            return (cookieValue(response, AdminGate.loginCookie) ?? "", hiddenToken(html) ?? "")
        }
    }

    static func postLogin(_ server: Server, token: String = token, cookie: String?, field: String?,
                          headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = form
        if let cookie { headers[.cookie] = "\(AdminGate.loginCookie)=\(cookie)" }
        headers.append(contentsOf: extra)
        var body = "token=\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
        if let field { body += "&csrf=\(field)" }
        return try await server.client.execute(uri: "/admin/login", method: .post, headers: headers, body: ByteBuffer(string: body)) { $0 }
    }

    /// Signs in through the form; returns the session cookie and the session's CSRF token.
    static func signIn(_ server: Server) async throws -> (session: String, csrf: String) {
        let (cookie, field) = try await loginForm(server)
        let response = try await postLogin(server, cookie: cookie, field: field)
        let session = try #require(cookieValue(response, AdminGate.sessionCookie))
        let page = try await server.client.execute(uri: "/admin/", method: .get,
                                                   headers: [.cookie: "\(AdminGate.sessionCookie)=\(session)", .accept: "text/html"]) { $0 }
        #expect(page.status == .ok)
        return (session, hiddenToken(String(buffer: page.body)) ?? "")
    }

    static func get(_ server: Server, _ uri: String, session: String? = nil, bearer: Bool = false,
                    headers extra: HTTPFields = browser) async throws -> TestResponse {
        var headers = extra
        if let session { headers[.cookie] = "\(AdminGate.sessionCookie)=\(session)" }
        if bearer { headers[.authorization] = "Bearer \(token)" }
        return try await server.client.execute(uri: uri, method: .get, headers: headers) { $0 }
    }

    static func event(_ path: String, referrer: String? = nil, day: Date, visitor: String = EventAPITests.visitor,
                      kind: PageEvent.Kind = .pageview, name: String? = nil) -> PageEvent {
        PageEvent(visitor: visitor, consentID: nil, recordedAt: day, kind: kind, name: name, path: path, referrerHost: referrer,
                  device: .mobile, language: "en", browser: "Firefox", system: "Android")
    }

    // MARK: login

    @Test func theLoginFormSetsAStrictHttpOnlySecureSessionCookie() async throws {
        try await Self.withServer { server in
            let login = try await Self.get(server, "/admin/login")
            #expect(login.status == .ok)
            #expect(login.headers[HTTPField.Name("Content-Security-Policy")!] == AdminPage.contentSecurityPolicy)
            #expect(login.headers[.cacheControl] == "no-store")
            #expect(login.headers[.xContentTypeOptions] == "nosniff")
            #expect(login.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
            let html = String(buffer: login.body)
            #expect(html.contains("<label for=\"token\">Admin token</label>"))
            #expect(html.contains("autocomplete=\"off\""))
            #expect(!html.contains("<script"))
            let loginCookie = try #require(Self.cookieValue(login, AdminGate.loginCookie))
            #expect(login.headers[values: .setCookie] == ["\(AdminGate.loginCookie)=\(loginCookie); HttpOnly; Secure; SameSite=Strict; Path=/admin; Max-Age=3600"])
            #expect(Self.hiddenToken(html) == loginCookie)

            let signedIn = try await Self.postLogin(server, cookie: loginCookie, field: loginCookie)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/admin/")
            let session = try #require(Self.cookieValue(signedIn, AdminGate.sessionCookie))
            #expect(session.count == 64 && session.allSatisfy(\.isHexDigit))
            #expect(signedIn.headers[values: .setCookie] == [
                "pigment_admin=\(session); HttpOnly; Secure; SameSite=Strict; Path=/admin; Max-Age=43200",
                "pigment_admin_login=; HttpOnly; Secure; SameSite=Strict; Path=/admin; Max-Age=0",
            ])
            let dashboard = try await Self.get(server, "/admin/", session: session)
            #expect(dashboard.status == .ok)
            #expect(String(buffer: dashboard.body).contains("<h1>Analytics</h1>"))
            #expect(try await Self.get(server, "/admin/login", session: session).status == .seeOther, "signed in: the form sends to /admin/")
        }
    }

    @Test func aWrongTokenIsRefusedAndTenFailuresAMinuteBlockTheClient() async throws {
        try await Self.withServer { server in
            let (cookie, field) = try await Self.loginForm(server)
            for attempt in 1...10 {
                let response = try await Self.postLogin(server, token: "wrong-\(attempt)", cookie: cookie, field: field)
                #expect(response.status == .unauthorized, "attempt \(attempt)")
                #expect(Self.cookieValue(response, AdminGate.sessionCookie) == nil)
                #expect(String(buffer: response.body).contains("That is not the admin token."))
            }
            let blocked = try await Self.postLogin(server, cookie: cookie, field: field)
            #expect(blocked.status == .tooManyRequests, "the right token too, until a minute has passed")
            #expect(blocked.headers[.retryAfter] == "60")
            server.clock.now.withLock { $0 = $0.addingTimeInterval(61) }
            #expect(try await Self.postLogin(server, cookie: cookie, field: field).status == .seeOther)
        }
    }

    // MARK: CSRF

    @Test func loginWithoutTheRightCSRFTokenOrFromAnotherSiteIsForbidden() async throws {
        try await Self.withServer { server in
            let (cookie, field) = try await Self.loginForm(server)
            let other = RandomToken.make()
            for (name, cookieValue, fieldValue, headers) in [
                ("no field", cookie, nil, [:]), ("no cookie", nil, field, [:]), ("a wrong field", cookie, other, [:]),
                ("another site's Origin", cookie, field, [.origin: "https://evil.example"]),
                ("Sec-Fetch-Site cross-site", cookie, field, [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]),
            ] as [(String, String?, String?, HTTPFields)] {
                let response = try await Self.postLogin(server, cookie: cookieValue, field: fieldValue, headers: headers)
                #expect(response.status == .forbidden, "\(name)")
                #expect(Self.cookieValue(response, AdminGate.sessionCookie) == nil, "\(name)")
            }
            let sameOrigin = try await Self.postLogin(server, cookie: cookie, field: field,
                                                      headers: [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
            #expect(sameOrigin.status == .seeOther)
            // Behind a proxy that rewrites Host, the browser's Sec-Fetch-Site still says same-origin.
            let (cookie2, field2) = try await Self.loginForm(server)
            let proxied = try await Self.postLogin(server, cookie: cookie2, field: field2,
                                                   headers: [.origin: "https://admin.example", HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
            #expect(proxied.status == .seeOther)
        }
    }

    @Test func logoutNeedsTheSessionsCSRFTokenAndEndsTheSession() async throws {
        try await Self.withServer { server in
            let (session, csrf) = try await Self.signIn(server)
            #expect(csrf.count == 64 && csrf != session)
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "\(AdminGate.sessionCookie)=\(session)"]
            for body in ["", "csrf=\(RandomToken.make())"] {
                try await server.client.execute(uri: "/admin/logout", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                    #expect($0.status == .forbidden, "\(body)")
                }
            }
            #expect(try await Self.get(server, "/admin/", session: session).status == .ok, "a refused logout changes nothing")
            try await server.client.execute(uri: "/admin/logout", method: .post, headers: headers, body: ByteBuffer(string: "csrf=\(csrf)")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/admin/login")
                #expect(response.headers[.setCookie] == "pigment_admin=; HttpOnly; Secure; SameSite=Strict; Path=/admin; Max-Age=0")
            }
            let after = try await Self.get(server, "/admin/", session: session)
            #expect(after.status == .seeOther && after.headers[.location] == "/admin/login")
        }
    }

    @Test func aSessionEndsAfterTwelveHours() async throws {
        try await Self.withServer { server in
            let (session, _) = try await Self.signIn(server)
            server.clock.now.withLock { $0 = $0.addingTimeInterval(12 * 3600 - 1) }
            #expect(try await Self.get(server, "/admin/", session: session).status == .ok)
            server.clock.now.withLock { $0 = $0.addingTimeInterval(2) }
            let expired = try await Self.get(server, "/admin/", session: session)
            #expect(expired.status == .seeOther && expired.headers[.location] == "/admin/login")
        }
    }

    // MARK: access

    @Test func theBearerTokenOpensEveryPageAndScriptsGetA401() async throws {
        try await Self.withServer { server in
            for path in ["/admin/", "/admin/analytics/page.csv", "/admin/analytics/consents.csv", "/admin/stats", "/admin/consents.csv"] {
                #expect(try await Self.get(server, path, bearer: true, headers: [:]).status == .ok, "\(path)")
                for headers: HTTPFields in [[:], [.accept: "application/json"]] {
                    let refused = try await Self.get(server, path, headers: headers)
                    #expect(refused.status == .unauthorized, "\(path) \(headers)")
                    #expect(refused.headers[.wwwAuthenticate] == "Bearer")
                }
                let browser = try await Self.get(server, path)
                #expect(browser.status == .seeOther && browser.headers[.location] == "/admin/login", "\(path)")
                #expect(try await Self.get(server, path, session: RandomToken.make()).status == .seeOther, "an unknown session: \(path)")
            }
        }
    }

    // MARK: the page

    @Test func theRangeIsValidated() async throws {
        try await Self.withServer { server in
            for query in ["from=2026-13-01", "to=yesterday", "from=2026-05-10&to=2026-05-01", "from=2025-01-01&to=2026-05-01"] {
                let response = try await Self.get(server, "/admin/?\(query)", bearer: true)
                #expect(response.status == .badRequest, "\(query)")
                #expect(String(buffer: response.body).contains("role=\"alert\""), "\(query)")
                #expect(try await Self.get(server, "/admin/analytics/days.csv?\(query)", bearer: true).status == .badRequest, "\(query)")
            }
            #expect(try await Self.get(server, "/admin/?from=2025-05-28&to=2026-05-28", bearer: true).status == .ok, "366 days")
            let defaultRange = String(buffer: try await Self.get(server, "/admin/", bearer: true).body)
            #expect(defaultRange.contains("value=\"2026-04-29\"") && defaultRange.contains("value=\"2026-05-28\""), "the last 30 days")
            #expect(defaultRange.components(separatedBy: "<circle class=\"pageviews\"").count - 1 == 30)
        }
    }

    @Test func theChartHasAPointADayWithTheRangesPageViews() async throws {
        try await Self.withServer { server in
            let day = UTCDay.date("2026-05-26")!.addingTimeInterval(3600)
            for path in ["/", "/pricing/", "/pricing/"] { _ = server.events.record(Self.event(path, referrer: "news.example.com", day: day)) }
            _ = server.events.record(Self.event("/pricing/", day: day, kind: .event, name: "choose_plan"))
            try await server.events.flush()
            let html = String(buffer: try await Self.get(server, "/admin/?from=2026-05-22&to=2026-05-28", bearer: true).body)
            #expect(html.components(separatedBy: "<circle class=\"pageviews\"").count - 1 == 7)
            #expect(html.components(separatedBy: "<circle class=\"visitors\"").count - 1 == 7)
            #expect(html.contains("<title>2026-05-26: 3 page views</title>"))
            #expect(html.contains("<dd data-total=\"pageviews\">3</dd>"))
            #expect(html.contains("role=\"img\" aria-labelledby=\"chart-title chart-desc\""))
            #expect(html.contains("From 2026-05-22 to 2026-05-28: 1 visitors and 3 page views"))
            #expect(html.contains("<tr><th scope=\"row\">/pricing/</th><td>2</td><td>1</td></tr>"))
            #expect(html.contains("<tr><th scope=\"row\">choose_plan</th><td>1</td><td>1</td></tr>"))
            #expect(DaySeriesChart.scale(maximum: 3) == (4, 1) && DaySeriesChart.scale(maximum: 0) == (4, 1))
            #expect(DaySeriesChart.scale(maximum: 130) == (200, 50))
        }
    }

    @Test func visitorsTextIsEscapedOnThePageAndDefusedInTheCSV() async throws {
        try await Self.withServer { server in
            let day = UTCDay.date("2026-05-27")!
            _ = server.events.record(Self.event("/<script>alert(1)</script>", referrer: "=HYPERLINK(\"http://evil\")", day: day))
            _ = server.events.record(Self.event("/a,\"b\"", referrer: "@sum(1)", day: day))
            _ = server.events.record(Self.event("/", day: day, kind: .event, name: "+cmd|' /C calc'!A0"))
            try await server.events.flush()
            let html = String(buffer: try await Self.get(server, "/admin/?from=2026-05-27&to=2026-05-27", bearer: true).body)
            #expect(!html.contains("<script"))
            #expect(html.contains("/&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("=HYPERLINK(&quot;http://evil&quot;)"))
            let pages = try await Self.get(server, "/admin/analytics/page.csv?from=2026-05-27&to=2026-05-27", bearer: true, headers: [:])
            #expect(pages.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(pages.headers[.contentDisposition] == "attachment; filename=\"page-2026-05-27-2026-05-27.csv\"")
            let pageLines = String(buffer: pages.body).components(separatedBy: "\r\n")
            #expect(pageLines.first == "Page,Page views,Visitors")
            #expect(pageLines.contains("\"/a,\"\"b\"\"\",1,1"))
            #expect(pageLines.contains("/<script>alert(1)</script>,1,1"))
            let referrers = String(buffer: try await Self.get(server, "/admin/analytics/referrer.csv?from=2026-05-27&to=2026-05-27", bearer: true, headers: [:]).body)
            #expect(referrers.contains("\r\n\"'=HYPERLINK(\"\"http://evil\"\")\",1,1\r\n"))
            #expect(referrers.contains("\r\n'@sum(1),1,1\r\n"))
            let events = String(buffer: try await Self.get(server, "/admin/analytics/event.csv?from=2026-05-27&to=2026-05-27", bearer: true, headers: [:]).body)
            #expect(events.contains("\r\n'+cmd|' /C calc'!A0,1,1\r\n"))
            #expect(try await Self.get(server, "/admin/analytics/nothing.csv", bearer: true, headers: [:]).status == .notFound)
        }
    }

    @Test func csvCellsAreQuotedAndDefused() {
        #expect(CSVCell.escape("-1+1") == "'-1+1")
        #expect(CSVCell.escape("\tx") == "'\tx")
        #expect(CSVCell.escape("\rx") == "\"'\rx\"")
        #expect(CSVCell.escape("a;b") == "\"a;b\"")
        #expect(CSVCell.escape("plain") == "plain")
        #expect(CSVCell.line(["a", "b,c"]) == "a,\"b,c\"\r\n")
        #expect(HTMLText.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    @Test func theConsentPartGivesOptInRefusalAndGPCSharesPerDay() async throws {
        try await Self.withServer { server in
            for (granted, gpc) in [(true, false), (false, true), (false, false), (true, false)] {
                var headers: HTTPFields = [.contentType: "application/json"]
                if gpc { headers[ConsentRoutes.secGPC] = "1" }
                try await server.client.execute(uri: "/api/consent", method: .post, headers: headers,
                                                body: ByteBuffer(string: #"{"choices": {"analytics": \#(granted)}}"#)) { #expect($0.status == .created) }
            }
            let csv = String(buffer: try await Self.get(server, "/admin/analytics/consents.csv?from=2026-05-27&to=2026-05-28", bearer: true, headers: [:]).body)
            #expect(csv == "Day,Choices,Opted in to analytics,Opt-in rate,Refused all,Refusal share,GPC signals,GPC share\r\n"
                + "2026-05-27,0,0,,0,,0,\r\n2026-05-28,4,2,50.0%,2,50.0%,1,25.0%\r\n")
            let html = String(buffer: try await Self.get(server, "/admin/?from=2026-05-27&to=2026-05-28", bearer: true).body)
            #expect(html.contains("<dd data-total=\"choices\">4</dd>"))
        }
    }

    @Test func withoutAnalyticsThePageSaysSoAndKeepsTheConsentFigures() async throws {
        try await Self.withServer(analytics: false) { server in
            let html = String(buffer: try await Self.get(server, "/admin/", bearer: true).body)
            #expect(html.contains("Analytics off"))
            #expect(html.contains("Consent choices per day"))
            #expect(try await Self.get(server, "/admin/analytics/page.csv", bearer: true, headers: [:]).status == .notFound)
        }
    }
}
