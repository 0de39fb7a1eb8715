import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import ConsentServer

@Suite("Admin API")
struct AdminAPITests {
    static func post(_ client: any TestClientProtocol, _ body: String) async throws {
        try await client.execute(uri: "/api/consent", method: .post, headers: ConsentAPITests.jsonHeaders,
                                 body: ByteBuffer(string: body)) { #expect($0.status == .created) }
    }

    @Test func adminEndpointsNeedTheBearerToken() async throws {
        try await ConsentAPITests.withServer { client, _ in
            for path in ["/admin/consents.csv", "/admin/stats"] {
                for headers: HTTPFields in [[:], [.authorization: "Bearer wrong"], [.authorization: "Basic \(ConsentAPITests.adminToken)"],
                                            [.authorization: "Bearer \(ConsentAPITests.adminToken)x"]] {
                    try await client.execute(uri: path, method: .get, headers: headers) { response in
                        #expect(response.status == .unauthorized, "\(path) \(headers)")
                        #expect(response.headers[.wwwAuthenticate] == "Bearer")
                    }
                }
                try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(ConsentAPITests.adminToken)"]) {
                    #expect($0.status == .ok)
                }
            }
        }
    }

    @Test func csvExportListsEveryRecordWithOneColumnPerCategory() async throws {
        try await ConsentAPITests.withServer { client, store in
            try await Self.post(client, #"{"choices": {"analytics": true}, "method": "accept_all", "page": "/"}"#)
            try await Self.post(client, #"{"choices": {"analytics": false}, "method": "reject_all", "page": "/pricing/"}"#)
            try await client.execute(uri: "/admin/consents.csv?from=2026-05-28&to=2026-05-29", method: .get,
                                     headers: [.authorization: "Bearer \(ConsentAPITests.adminToken)"]) { response in
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = String(buffer: response.body).split(separator: "\r\n").map(String.init)
                #expect(lines.first == "position,recorded_at,consent_id,event,method,source,gpc,registry_version,policy_version,page,client_revision,essential,analytics,hash,problem")
                #expect(lines.count == 3)
                #expect(lines[1].hasPrefix("1,2026-05-28T20:26:40.000Z,"))
                #expect(lines[1].contains(",first,accept_all,banner,false,\(ConsentAPITests.registry.version),2026-05-04,/,,granted,granted,"))
                #expect(lines[2].contains(",reject_all,banner,false,\(ConsentAPITests.registry.version),2026-05-04,/pricing/,,granted,denied,"))
                let head = try await store.logHead()
                #expect(lines[2].hasSuffix(",\(head.hash),"), "each row carries its chain hash")
            }
            try await client.execute(uri: "/admin/consents.csv?from=2026-05-29", method: .get,
                                     headers: [.authorization: "Bearer \(ConsentAPITests.adminToken)"]) { response in
                #expect(String(buffer: response.body).split(separator: "\r\n").count == 1, "only the header: nothing after the 29th")
            }
            try await client.execute(uri: "/admin/consents.csv?from=yesterday", method: .get,
                                     headers: [.authorization: "Bearer \(ConsentAPITests.adminToken)"]) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func statsGiveTheOptInRatePerDay() async throws {
        try await ConsentAPITests.withServer { client, _ in
            for granted in [true, false, false, true] {
                try await Self.post(client, #"{"choices": {"analytics": \#(granted)}}"#)
            }
            try await client.execute(uri: "/admin/stats", method: .get, headers: [.authorization: "Bearer \(ConsentAPITests.adminToken)"]) { response in
                let days = ConsentAPITests.json(response.body)["days"] as? [[String: Any]]
                #expect(days?.count == 1)
                #expect(days?.first?["day"] as? String == "2026-05-28")
                let analytics = (days?.first?["categories"] as? [String: Any])?["analytics"] as? [String: Any]
                #expect(analytics?["choices"] as? Int == 4)
                #expect(analytics?["granted"] as? Int == 2)
                #expect(analytics?["optInRate"] as? Double == 0.5)
            }
        }
    }

    @Test func csvFieldsCannotBecomeFormulas() {
        #expect(ConsentCSV.escape("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ConsentCSV.escape("/a,b/") == "\"/a,b/\"")
        #expect(ConstantTime.equal("abc", "abc") && !ConstantTime.equal("abc", "abd") && !ConstantTime.equal("abc", "ab"))
    }
}
