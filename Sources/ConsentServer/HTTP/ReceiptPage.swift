import Foundation
import PigmentModel

/// The preference centre as the server knows it: the visitor's current choices as switches already
/// set, their consent receipt, their analytics data and withdrawal. Where a browser without
/// JavaScript lands after any of the preference centre's forms: the static page cannot read the
/// choice cookie, so it cannot say what was saved; this page can, from the log.
struct ReceiptPage {
    /// What the form that led here did, said at the top.
    enum Outcome: String, CaseIterable {
        case saved, withdrawn, erased

        var message: String {
            switch self {
            case .saved: "Your choice has been saved."
            case .withdrawn: "Your consent has been withdrawn: every optional category is off."
            case .erased: "Your analytics data has been deleted. Your consent receipt records the deletion."
            }
        }
    }

    var registry: ConsentRegistry
    /// Every record under the choice cookie's consent id, oldest first; empty without a cookie.
    var history: [ConsentRecord]
    /// The last record no longer counts: its lifetime after consent has passed.
    var expired: Bool
    /// Analytics events stored under the consent id, when the server collects them.
    var analyticsEvents: Int?
    var outcome: Outcome?
    /// The site page the forms came from (`/cookie-settings/`), sent back with each form.
    var returnPath: String
    /// The same page as a link from this server: absolute when the site is on another origin.
    var returnLink: String
    var policyVersion: String?

    static let stylesheetPath = "/api/consent/receipt.css"

    /// The categories switched on now: none when the last choice was withdrawn or has expired.
    var granted: [String: Bool] {
        guard let current = history.last, !expired else { return [:] }
        return current.choices
    }

    func html() -> String {
        var main = "<h1>Your cookie choices</h1>\n"
        if let outcome { main += "<p class=\"saved\" role=\"status\">\(HTMLText.escape(outcome.message))</p>\n" }
        main += stateSummary() + choicesForm() + receipt() + analyticsData() + withdrawal()
        main += "<p><a href=\"\(HTMLText.escape(returnLink))\">Back to the site's cookie settings</a></p>"
        return AdminPage.shell(title: "Your cookie choices · Pigment Studio", stylesheet: Self.stylesheetPath,
                               brand: "<a href=\"\(HTMLText.escape(returnLink))\">Pigment Studio</a>", main: main)
    }

    private var optionalCategories: [ConsentRegistry.Category] { registry.categories.filter { !$0.required } }

    private func stateSummary() -> String {
        guard let current = history.last else {
            return "<p>This browser has no recorded choice: only essential cookies are used until you make one.</p>\n"
        }
        if expired {
            return "<p>Your last choice, made \(HTMLText.escape(Self.when(current.recordedAt))) UTC, has expired: only essential cookies are used until you choose again.</p>\n"
        }
        let on = optionalCategories.filter { granted[$0.id] == true }.map(\.title)
        let allowed = on.isEmpty ? "only essential cookies are used" : "allowed: " + on.joined(separator: ", ")
        return "<p>Your current choice, made \(HTMLText.escape(Self.when(current.recordedAt))) UTC: \(HTMLText.escape(allowed)).</p>\n"
    }

    private func hiddenFields() -> String {
        var fields = """
        <input type="hidden" name="show" value="receipt">
        <input type="hidden" name="return" value="\(HTMLText.escape(returnPath))">
        <input type="hidden" name="registryVersion" value="\(HTMLText.escape(registry.version))">

        """
        if let policyVersion { fields += "<input type=\"hidden\" name=\"policyVersion\" value=\"\(HTMLText.escape(policyVersion))\">\n" }
        return fields
    }

    private func choicesForm() -> String {
        var html = "<section aria-labelledby=\"choices-title\">\n<h2 id=\"choices-title\">Cookies you allow</h2>\n"
        html += "<form class=\"choices\" method=\"post\" action=\"/api/consent\">\n<fieldset>\n<legend>Categories</legend>\n"
        for category in registry.categories {
            let id = HTMLText.escape(category.id)
            let state = category.required ? " checked disabled" : granted[category.id] == true ? " checked" : ""
            let note = category.required ? " <span class=\"muted\">(always on)</span>" : ""
            html += """
            <div class="choice">
            <input type="checkbox" id="choice-\(id)" name="\(id)" value="on" aria-describedby="choice-\(id)-purpose"\(state)>
            <label for="choice-\(id)">\(HTMLText.escape(category.title))\(note)</label>
            <p class="muted" id="choice-\(id)-purpose">\(HTMLText.escape(category.description))</p>
            </div>

            """
        }
        html += "</fieldset>\n" + hiddenFields()
        // Accept and Reject side by side and alike: refusing is as easy as agreeing.
        html += """
        <div class="actions">
        <button type="submit" name="action" value="save">Save choices</button>
        <button type="submit" name="action" value="accept_all">Accept all</button>
        <button type="submit" name="action" value="reject_all">Reject all</button>
        </div>
        </form>
        </section>

        """
        return html
    }

    private func receipt() -> String {
        guard let current = history.last else { return "" }
        var html = """
        <section aria-labelledby="receipt-title">
        <h2 id="receipt-title">Your consent receipt</h2>
        <p>Consent id: <code>\(HTMLText.escape(current.consentID))</code></p>
        <div class="table-box">
        <table>
        <caption>Every choice recorded under this id, oldest first</caption>
        <thead><tr><th scope="col">When (UTC)</th><th scope="col">What happened</th><th scope="col">Optional cookies allowed</th><th scope="col">Privacy policy shown</th></tr></thead>
        <tbody>

        """
        for record in history {
            let on = optionalCategories.filter { record.choices[$0.id] == true }.map(\.title)
            let gpc = record.gpc && record.method != .gpc ? ", Global Privacy Control on" : ""
            let what = "\(Self.eventNames[record.event] ?? record.event.rawValue) (\(Self.methodNames[record.method] ?? record.method.rawValue)\(gpc))"
            html += "<tr><td>\(HTMLText.escape(Self.when(record.recordedAt)))</td><td>\(HTMLText.escape(what))</td>"
            html += "<td>\(HTMLText.escape(on.isEmpty ? "None" : on.joined(separator: ", ")))</td>"
            html += "<td>\(HTMLText.escape(record.policyVersion.map { "Version \($0)" } ?? "Not recorded"))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n</section>\n"
    }

    private func analyticsData() -> String {
        guard let analyticsEvents, !history.isEmpty else { return "" }
        return """
        <section aria-labelledby="analytics-title">
        <h2 id="analytics-title">Your analytics data</h2>
        <p>Analytics events stored under your consent id: <strong>\(analyticsEvents)</strong>. They count pages visited and features used, under a random visitor id; nothing else about you.</p>
        <form method="post" action="/api/events/mine/erase">
        <input type="hidden" name="show" value="receipt">
        <input type="hidden" name="return" value="\(HTMLText.escape(returnPath))">
        <button type="submit">Delete my analytics data</button>
        </form>
        </section>

        """
    }

    private func withdrawal() -> String {
        guard history.last != nil else { return "" }
        return """
        <section aria-labelledby="withdraw-title">
        <h2 id="withdraw-title">Withdraw consent</h2>
        <p>Withdrawing turns every optional category off, deletes their cookies and stops their scripts from the next page on. It is recorded, like your consent was.</p>
        <form method="post" action="/api/consent">
        <input type="hidden" name="action" value="withdraw">
        \(hiddenFields())<button type="submit">Withdraw consent</button>
        </form>
        </section>

        """
    }

    /// The same words as the static page's receipt (public/js/consent.js).
    static let eventNames: [ConsentRecord.Event: String] = [.first: "First choice", .change: "Changed", .withdraw: "Withdrawn", .erasure: "Analytics data deleted"]
    static let methodNames: [ConsentRecord.Method: String] = [.acceptAll: "accepted all", .rejectAll: "rejected all", .custom: "chose categories",
                                                               .gpc: "Global Privacy Control signal", .form: "form without JavaScript"]

    /// `2026-05-04 10:30:00`, as the static receipt shows it.
    static func when(_ date: Date) -> String {
        let text = LogTimestamp.text(date)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(8)
    }

    /// Extra rules on top of the dashboard's stylesheet: the switches and the buttons' row.
    static let css = DashboardStyle.css + """

    .saved { padding: .75rem 1rem; border-left: 4px solid var(--accent); background: var(--surface); border-radius: .25rem; font-weight: 600; }
    main { max-width: 48rem; }
    fieldset { border: 1px solid var(--rule); border-radius: var(--radius); padding: .75rem 1rem; margin: 0 0 1rem; }
    legend { font-weight: 600; padding: 0 .25rem; }
    .choice { display: grid; grid-template-columns: auto 1fr; gap: 0 .6rem; align-items: baseline; margin: .5rem 0; }
    .choice input { width: 1.25rem; height: 1.25rem; margin: 0; accent-color: var(--accent); }
    .choice label { margin: 0; }
    .choice p { grid-column: 2; margin: .1rem 0 0; }
    /* Every button the same size, whatever wraps: Accept all and Reject all never differ. */
    .actions { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .5rem; }
    th, td { text-align: left; white-space: normal; }
    """
}
