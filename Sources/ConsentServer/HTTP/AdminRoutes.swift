import Foundation
import Hummingbird
import SiteBuilder

/// The auditor's view of the log, behind a bearer token:
/// - `GET /admin/consents.csv?from=2026-05-01&to=2026-06-01`: every record in the range, as CSV;
/// - `GET /admin/stats`: per day and category, how many choices were made and the opt-in rate.
public struct AdminRoutes: Sendable {
    public typealias Context = ConsentRequestContext
    let store: any ConsentStore
    let registry: ConsentRegistryView
    /// Without a token configured, nobody gets in.
    let token: String?

    public init(store: any ConsentStore, configuration: ConsentAPIConfiguration, token: String?) {
        self.store = store
        self.registry = ConsentRegistryView(configuration.registry)
        self.token = token
    }

    public func add(to router: Router<Context>) {
        router.get("admin/consents.csv") { request, _ in
            if let refusal = self.unauthorized(request) { return refusal }
            let from: Date?, to: Date?
            do {
                from = try Self.day(request.uri.queryParameters.get("from"))
                to = try Self.day(request.uri.queryParameters.get("to"))
            } catch {
                return JSONResponse.error(.invalid("from and to must be days like 2026-05-04"))
            }
            let records = try await self.store.records(from: from, to: to)
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: ConsentCSV.text(records, categories: self.registry.ids))))
        }
        router.get("admin/stats") { request, _ in
            if let refusal = self.unauthorized(request) { return refusal }
            let records = try await self.store.records(from: nil, to: nil)
            return JSONResponse.object(200, ["days": ConsentStats.days(records, categories: self.registry.optionalIDs)])
        }
    }

    private func unauthorized(_ request: Request) -> Response? {
        let header = request.headers[.authorization] ?? ""
        let presented = header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : ""
        if let token, !token.isEmpty, ConstantTime.equal(presented, token) { return nil }
        return JSONResponse.object(401, ["error": "unauthorized", "detail": "send Authorization: Bearer <admin token>"],
                                   headers: [.wwwAuthenticate: "Bearer"])
    }

    /// `2026-05-04` → midnight UTC; nil when absent.
    static func day(_ text: String?) throws -> Date? {
        guard let text, !text.isEmpty else { return nil }
        guard text.count == 10, let date = SiteDateParser.day(text) else { throw SubmissionError.invalid("bad day") }
        return date
    }
}

/// The parts of the registry the admin views need, kept Sendable and simple.
struct ConsentRegistryView: Sendable {
    var ids: [String]
    var optionalIDs: [String]

    init(_ registry: ConsentRegistry) {
        ids = registry.categories.map(\.id)
        optionalIDs = registry.categories.filter { !$0.required }.map(\.id)
    }
}

enum ConstantTime {
    /// Compares every byte whatever the first difference, so timing tells an attacker nothing.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}

enum SiteDateParser {
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        components.timeZone = TimeZone(identifier: "UTC")
        guard let date = Calendar.utc.date(from: components),
              Calendar.utc.component(.day, from: date) == parts[2] else { return nil }
        return date
    }
}
