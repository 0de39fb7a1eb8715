import Foundation

/// `GET /admin/`: the range form, the totals, the chart, the tables and the consent figures, as
/// one page of HTML with every value escaped (paths, referrers and event names come from visitors).
struct DashboardPage {
    let range: DashboardRange
    /// Nil when the server collects no analytics.
    let report: AnalyticsReport?
    let consents: ConsentDayFigures
    let session: AdminSession?

    var html: String {
        var main = """
        <h1>Analytics</h1>
        <form class="range" method="get" action="/admin/">
        <div><label for="from">From</label><input type="date" id="from" name="from" value="\(range.from)" required></div>
        <div><label for="to">To</label><input type="date" id="to" name="to" value="\(range.to)" required></div>
        <div><button type="submit">Show</button></div>
        </form>

        """
        main += traffic
        main += consentSection
        return AdminPage.html(title: "Analytics \(range.from) – \(range.to)", main: main, session: session)
    }

    private var traffic: String {
        guard let report else {
            return """
            <section aria-labelledby="traffic-heading">
            <h2 id="traffic-heading">Visitors and page views</h2>
            <p class="notice">Analytics off: this server collects no events, so only the consent log's figures are shown.</p>
            </section>

            """
        }
        var html = """
        <section aria-labelledby="traffic-heading">
        <h2 id="traffic-heading">Visitors and page views</h2>
        <dl class="totals">
        <div><dt>Visitors</dt><dd data-total="visitors">\(report.totalVisitors)</dd></div>
        <div><dt>Page views</dt><dd data-total="pageviews">\(report.totalPageviews)</dd></div>
        <div><dt>Days</dt><dd>\(report.days.count)</dd></div>
        </dl>
        <figure class="chart">
        \(DaySeriesChart(days: report.days).svg)
        </figure>
        <ul class="legend" aria-hidden="true"><li class="visitors">Visitors</li><li class="pageviews">Page views</li></ul>
        <details>
        <summary>Figures per day</summary>
        \(table(.days))
        </details>
        </section>
        <section aria-labelledby="tables-heading">
        <h2 id="tables-heading">Pages, sources and devices</h2>
        <div class="tables">

        """
        for name in [DashboardTable.page, .referrer, .browser, .system, .device, .event] {
            html += "<div>\n\(table(name))</div>\n"
        }
        return html + "</div>\n</section>\n"
    }

    private var consentSection: String {
        let total = consents.total(range)
        return """
        <section aria-labelledby="consent-heading">
        <h2 id="consent-heading">Consent</h2>
        <dl class="totals">
        <div><dt>Choices</dt><dd data-total="choices">\(total.choices)</dd></div>
        <div><dt>Opt-in rate (analytics)</dt><dd>\(Self.shown(DashboardTable.percent(total.optInRate)))</dd></div>
        <div><dt>Refused all</dt><dd>\(Self.shown(DashboardTable.percent(total.refusalShare)))</dd></div>
        <div><dt>GPC signals</dt><dd>\(Self.shown(DashboardTable.percent(total.gpcShare)))</dd></div>
        </dl>
        \(table(.consents))
        </section>

        """
    }

    private static func shown(_ text: String) -> String { text.isEmpty ? "–" : HTMLText.escape(text) }

    /// A table in a box that scrolls sideways on its own (the page never does), and its CSV link.
    private func table(_ table: DashboardTable) -> String {
        let rows = table.rows(report: report, consents: consents, range: range)
        var html = "<div class=\"table-box\" role=\"region\" aria-labelledby=\"table-\(table.rawValue)\" tabindex=\"0\">\n"
        html += "<table>\n<caption id=\"table-\(table.rawValue)\">\(HTMLText.escape(table.title))</caption>\n<thead><tr>"
        for column in table.header { html += "<th scope=\"col\">\(HTMLText.escape(column))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        if rows.isEmpty {
            html += "<tr><td colspan=\"\(table.header.count)\" class=\"muted\">Nothing in this range</td></tr>\n"
        }
        for row in rows {
            html += "<tr><th scope=\"row\">\(HTMLText.escape(row[0]))</th>"
            for cell in row.dropFirst() { html += "<td>\(Self.shown(cell))</td>" }
            html += "</tr>\n"
        }
        html += "</tbody>\n</table>\n</div>\n"
        html += "<p class=\"download\"><a href=\"\(HTMLText.escape(table.csvPath(range)))\">Download “\(HTMLText.escape(table.title))” as CSV</a></p>\n"
        return html
    }
}
