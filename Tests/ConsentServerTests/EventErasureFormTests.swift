import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PigmentModel
import Testing
@testable import ConsentServer

/// `POST /api/events/mine/erase`: the preference centre's "Delete my analytics data" without JavaScript.
@Suite("Analytics erasure by form")
struct EventErasureFormTests {
    static let site = "https://pigmentstudio.com"
    static let returnToSettings = "return=%2Fcookie-settings%2F%23analytics-erased"

    /// Posts the erasure form; returns the status, the Location header and the error code.
    static func erase(_ server: EventAPITests.Server, consent: String?, origin: String? = site,
                      body: String = returnToSettings) async throws -> (Int, String?, String?) {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let consent { headers[.cookie] = "pigment_consent=\(consent)" }
        if let origin { headers[.origin] = origin }
        return try await server.client.execute(uri: "/api/events/mine/erase", method: .post, headers: headers,
                                               body: ByteBuffer(string: body)) { response in
            (Int(response.status.code), response.headers[.location], ConsentAPITests.json(response.body)["error"] as? String)
        }
    }

    @Test func theFormDeletesTheEventsWritesTheErasureAndSendsTheVisitorBack() async throws {
        try await EventAPITests.withServer { server in
            let consent = try await EventAPITests.choose(server, analytics: true)
            let other = try await EventAPITests.choose(server, analytics: true)
            for _ in 0..<2 { #expect(try await EventAPITests.post(server, consent: consent).0 == 204) }
            #expect(try await EventAPITests.post(server, consent: other, visitor: "ffeeddccbbaa99887766554433221100").0 == 204)

            let (status, location, _) = try await Self.erase(server, consent: consent)
            #expect(status == 303)
            #expect(location == "\(Self.site)/cookie-settings/#analytics-erased", "back to the page on the site that posted it")
            #expect(try await EventAPITests.stored(server).map(\.visitor) == ["ffeeddccbbaa99887766554433221100"], "another visitor's events stay")
            let history = try await server.store.history(of: String(consent.prefix(32)))
            #expect(history.map(\.event) == [.first, .erasure])
            #expect(history.last?.choices == history.first?.choices, "an erasure changes no choice")
        }
    }

    @Test func onlyAPageOfTheSiteMayAskAndTheChoiceCookieNamesWhose() async throws {
        try await EventAPITests.withServer { server in
            let consent = try await EventAPITests.choose(server, analytics: true)
            #expect(try await EventAPITests.post(server, consent: consent).0 == 204)

            let foreign = try await Self.erase(server, consent: consent, origin: "https://evil.example")
            #expect((foreign.0, foreign.2) == (403, "cross_origin"))
            let unnamed = try await Self.erase(server, consent: consent, origin: nil)
            #expect((unnamed.0, unnamed.2) == (403, "cross_origin"), "an erasure cannot be undone: no Origin, no erasure")
            let noCookie = try await Self.erase(server, consent: nil)
            #expect((noCookie.0, noCookie.2) == (400, "no_consent_cookie"))
            let elsewhere = try await Self.erase(server, consent: consent, body: "return=https%3A%2F%2Fevil.example%2F")
            #expect(elsewhere.0 == 400, "the way back is a path on the site, never another site")
            let unknown = try await Self.erase(server, consent: consent, body: "\(Self.returnToSettings)&all=1")
            #expect(unknown.0 == 400)

            #expect(try await EventAPITests.stored(server).count == 1, "nothing was deleted")
            #expect(try await server.store.history(of: String(consent.prefix(32))).map(\.event) == [.first], "and no erasure recorded")
        }
    }
}
