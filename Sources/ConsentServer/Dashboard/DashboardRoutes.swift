import Foundation
import HTTPTypes
import Hummingbird
import PigmentModel

/// `GET /admin/` (the dashboard), `GET /admin/analytics/<table>.csv` and the stylesheet; the pages
/// and the CSVs take a session cookie or the bearer token alike.
struct DashboardRoutes: Sendable {
    typealias Context = ConsentRequestContext
    let store: any ConsentStore
    let registry: ConsentRegistryView
    let analytics: AnalyticsCollection?
    let gate: AdminGate
    let answers: FailureAnswers
    /// Lines per ranked table on the page; a CSV holds more.
    static let pageLines = 20
    static let csvLines = 1000

    func add(to router: Router<Context>) {
        router.get("admin/dashboard.css") { _, _ in DashboardStyle.response() }
        router.get("admin") { request, _ in
            await answers.answering("/admin/") {
                guard let access = gate.access(request) else { return gate.refusal(request) }
                let range: DashboardRange
                switch requestedRange(request) {
                case .success(let parsed): range = parsed
                case .failure(let error):
                    return AdminPage.message(.badRequest, title: "Cannot show that range", detail: error.detail, session: access.session,
                                             link: ("/admin/", "Show the last \(DashboardRange.defaultDays) days"))
                }
                let report = try await analytics?.events.report(from: range.from, to: range.to, limit: Self.pageLines)
                let consents = try await consentFigures(range)
                let page = DashboardPage(range: range, report: report, consents: consents, session: access.session)
                return AdminPage.response(.ok, page.html)
            }
        }
        router.get("admin/analytics/:file") { request, context in
            await answers.answering("/admin/analytics/") {
                guard gate.access(request) != nil else { return gate.refusal(request) }
                let file = context.parameters.get("file") ?? ""
                guard file.hasSuffix(".csv"), let table = DashboardTable(rawValue: String(file.dropLast(4))) else {
                    return JSONResponse.json(404, ["error": "not_found", "detail": "tables: " + DashboardTable.allCases.map { "\($0.rawValue).csv" }.joined(separator: ", ")])
                }
                if table.needsAnalytics && analytics == nil {
                    return JSONResponse.json(404, ["error": "analytics_off", "detail": "this server collects no analytics events"])
                }
                let range: DashboardRange
                switch requestedRange(request) {
                case .success(let parsed): range = parsed
                case .failure(let error): return JSONResponse.error(.invalid(error.detail))
                }
                let report = table.needsAnalytics ? try await analytics?.events.report(from: range.from, to: range.to, limit: Self.csvLines) : nil
                let consents = table == .consents ? try await consentFigures(range) : nil
                var text = CSVCell.line(table.header)
                for row in table.rows(report: report, consents: consents, range: range) { text += CSVCell.line(row) }
                return Response(status: .ok, headers: [
                    .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store", .xContentTypeOptions: "nosniff",
                    .contentDisposition: "attachment; filename=\"\(table.rawValue)-\(range.from)-\(range.to).csv\"",
                ], body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
    }

    private func requestedRange(_ request: Request) -> Result<DashboardRange, DashboardRange.RangeError> {
        DashboardRange.parse(from: request.uri.queryParameters.get("from"), to: request.uri.queryParameters.get("to"), today: gate.now())
    }

    /// The consent log over the range, a page at a time: memory stays bounded whatever the range holds.
    private func consentFigures(_ range: DashboardRange) async throws -> ConsentDayFigures {
        let category = analytics?.consents.category ?? (registry.optionalIDs.contains("analytics") ? "analytics" : registry.optionalIDs.first ?? "analytics")
        var figures = ConsentDayFigures(analyticsCategory: category, optionalCategories: registry.optionalIDs)
        var after: Int64 = 0
        while true {
            let page = try await store.records(from: range.start, to: range.end, after: after, limit: AdminRoutes.pageSize)
            guard let last = page.last else { return figures }
            for entry in page {
                switch entry.record {
                case .success(let record): figures.add(record)
                case .failure(let unreadable): figures.unreadable += 1; answers.unreadableFound(unreadable)
                }
            }
            after = last.position
        }
    }
}
