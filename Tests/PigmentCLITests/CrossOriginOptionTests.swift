import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `pigment consent-server --allowed-origin URL --cookie-domain NAME`: checked at start, and in force once running.
@Suite("pigment consent-server across origins")
struct CrossOriginOptionTests {
    static func run(_ extra: [String]) throws -> PigmentProcess.Outcome {
        let site = try ScratchSite(["Content/data/consent.yml": ConsentServerCommandTests.registry])
        defer { site.remove() }
        return try PigmentProcess.run(["consent-server", "--port", "0", "--site-root", site.root.path,
                                       "--database", "sqlite:" + site.root.appendingPathComponent("c.sqlite").path] + extra)
    }

    @Test(arguments: [
        ("www.example.com", "it must start with http:// or https://"),
        ("ftp://www.example.com", "it must start with http:// or https://"),
        ("https://www.example.com/", "it has a path ('/')"),
        ("https://www.example.com/site", "it has a path ('/site')"),
        ("https://www.example.com?x=1", "it has a query or fragment"),
        ("https://*.example.com", "wildcards are not accepted"),
        ("https://www.example.com:99999", "its port '99999' is not a number from 1 to 65535"),
        ("https://", "it has no host"),
    ])
    func aValueThatIsNoOriginIsAUsageError(value: String, reason: String) throws {
        let outcome = try Self.run(["--allowed-origin", "https://ok.example.com", "--allowed-origin", value])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--allowed-origin: '\(value)' is not an origin: \(reason)"), "\(outcome.stderr)")
    }

    @Test func theSiteOriginIsCheckedTheSameWay() throws {
        let outcome = try Self.run(["--site-origin", "https://pigmentstudio.com/"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--site-origin: 'https://pigmentstudio.com/' is not an origin: it has a path ('/')"), "\(outcome.stderr)")
    }

    @Test(arguments: ["https://example.com", "example.com:443", "example.com/", "exa mple.com", "-example.com", "example..com"])
    func aCookieDomainThatIsNoHostNameIsAUsageError(value: String) throws {
        let outcome = try Self.run(["--cookie-domain=\(value)"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--cookie-domain: '\(value)' is not a cookie domain:"), "\(outcome.stderr)")
    }

    @Test func theRunningServerAnswersThePreflightOfAnAllowedOriginAndSetsTheCookieDomain() async throws {
        let site = try ScratchSite(["Content/data/consent.yml": ConsentServerCommandTests.registry])
        defer { site.remove() }
        let server = try ServerProcess(arguments: ["consent-server", "--port", "0", "--site-root", site.root.path,
                                                   "--database", "sqlite:" + site.root.appendingPathComponent("c.sqlite").path,
                                                   "--allowed-origin", "HTTPS://WWW.Example.com:443", "--cookie-domain", "Example.com"])
        defer { server.stop() }
        let api = try await server.waitForURL().appendingPathComponent("api/consent")
        var preflight = URLRequest(url: api)
        preflight.httpMethod = "OPTIONS"
        preflight.setValue("https://www.example.com", forHTTPHeaderField: "Origin")
        preflight.setValue("POST", forHTTPHeaderField: "Access-Control-Request-Method")
        let (_, answer) = try await URLSession.shared.data(for: preflight)
        let response = try #require(answer as? HTTPURLResponse)
        #expect(response.statusCode == 204)
        #expect(response.value(forHTTPHeaderField: "Access-Control-Allow-Origin") == "https://www.example.com")

        var post = URLRequest(url: api)
        post.httpMethod = "POST"
        post.setValue("https://www.example.com", forHTTPHeaderField: "Origin")
        post.setValue("application/json", forHTTPHeaderField: "Content-Type")
        post.httpBody = Data(#"{"choices": {"analytics": true}}"#.utf8)
        let (_, created) = try await URLSession.shared.data(for: post)
        let answered = try #require(created as? HTTPURLResponse)
        #expect(answered.statusCode == 201)
        #expect(answered.value(forHTTPHeaderField: "Access-Control-Allow-Origin") == "https://www.example.com")
        let cookie = answered.value(forHTTPHeaderField: "Set-Cookie") ?? ""
        #expect(cookie.contains("; Domain=example.com;"), "\(cookie)")
        #expect(cookie.hasSuffix("; Secure"), "an https origin makes the cookie Secure")
    }
}
