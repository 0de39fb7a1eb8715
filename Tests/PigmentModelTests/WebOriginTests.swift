import PigmentModel
import Testing

/// Origins are compared with browsers' `Origin` header as text, so each is kept in the browsers' spelling.
@Suite("Web origins")
struct WebOriginTests {
    @Test(arguments: [
        ("https://www.example.com", "https://www.example.com"),
        ("HTTPS://WWW.Example.COM", "https://www.example.com"),
        ("https://www.example.com:443", "https://www.example.com"),
        ("http://www.example.com:80", "http://www.example.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("https://www.example.com:8443", "https://www.example.com:8443"),
        ("http://[::1]:8080", "http://[::1]:8080"),
        ("http://localhost", "http://localhost"),
    ])
    func originsAreWrittenAsBrowsersWriteThem(text: String, written: String) throws {
        #expect(try WebOrigin(parsing: text).description == written)
    }

    @Test(arguments: [
        ("www.example.com", "it must start with http:// or https://"),
        ("ws://www.example.com", "it must start with http:// or https://"),
        ("https://www.example.com/", "it has a path ('/'); an origin ends after the host and port"),
        ("https://www.example.com/api/consent", "it has a path ('/api/consent'); an origin ends after the host and port"),
        ("https://www.example.com#top", "it has a query or fragment ('#top')"),
        ("https://user@www.example.com", "it names a user"),
        ("https://*.example.com", "wildcards are not accepted; name each origin"),
        ("https://www..example.com", "its host 'www..example.com' has an empty label"),
        ("https://www.example.com:", "its port '' is not a number from 1 to 65535"),
        ("https://www.example.com:0", "its port '0' is not a number from 1 to 65535"),
        ("https://www.example.com:+80", "its port '+80' is not a number from 1 to 65535"),
        ("https://:8080", "it has no host"),
        ("http://[::1", "its IPv6 address has no closing ']'"),
    ])
    func anythingElseIsRefusedSayingWhy(text: String, reason: String) {
        #expect(throws: WebOrigin.Invalid(value: text, reason: reason)) { try WebOrigin(parsing: text) }
    }

    @Test func aLoneTrailingSlashIsAcceptedWhereAURLIsWritten() throws {
        #expect(try WebOrigin(parsing: "https://consent.example.com/", allowingTrailingSlash: true).description == "https://consent.example.com")
        #expect(throws: WebOrigin.Invalid.self) { try WebOrigin(parsing: "https://consent.example.com/api/", allowingTrailingSlash: true) }
    }
}
