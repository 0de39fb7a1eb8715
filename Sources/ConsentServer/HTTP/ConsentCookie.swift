import Foundation
import Hummingbird
import PigmentModel

/// The cookie that remembers a visitor's choice, set by the server so it holds exactly what was recorded.
/// Its value is `<consent id>.<registry version>.<granted optional categories, comma-separated>`, readable
/// by the banner script (so not HttpOnly) and carrying nothing but what the visitor chose.
enum ConsentCookie {
    static func header(for record: ConsentRecord, configuration: ConsentAPIConfiguration) -> String {
        let optional = configuration.registry.categories.filter { !$0.required }.map(\.id)
        let granted = optional.filter { record.choices[$0] == true }
        let lifetime = granted.isEmpty ? configuration.lifetimeAfterRefusal : configuration.lifetimeAfterConsent
        var parts = ["\(configuration.cookieName)=\(record.consentID).\(record.registryVersion).\(granted.joined(separator: ","))",
                     "Path=/", "Max-Age=\(Int(lifetime))", "SameSite=Lax"]
        if let domain = configuration.cookieDomain { parts.insert("Domain=\(domain)", at: 1) }
        if configuration.secureCookies { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    /// The choice cookie, then an expired copy of every cookie of a refused category: withdrawing
    /// removes what consent allowed, even for a visitor without JavaScript. (The banner script also
    /// deletes them, including copies set on other parent domains than `cookieDomain`, which a server cannot name.)
    static func headers(for record: ConsentRecord, configuration: ConsentAPIConfiguration) -> [String] {
        let refused = configuration.registry.categories.filter { !$0.required && record.choices[$0.id] != true }
        // With a cookie domain, the copies to expire are the ones on that domain: the API's own host sets none.
        let domain = configuration.cookieDomain.map { "Domain=\($0); " } ?? ""
        return [header(for: record, configuration: configuration)]
            + refused.flatMap(\.cookies).map { "\($0.name)=; \(domain)Path=/; Max-Age=0; SameSite=Lax" }
    }

    /// The consent id in the visitor's choice cookie, if it holds one: a form sent without JavaScript
    /// cannot name it, and a change must stay under the same id. A UUID or upper case (a cookie a
    /// script rewrote) is read as the 32 lowercase digits the log keeps, as on every other endpoint.
    static func consentID(in request: Request, configuration: ConsentAPIConfiguration) -> String? {
        guard let value = RequestCookie.value(configuration.cookieName, in: request) else { return nil }
        return ConsentID.normalized(String(value.prefix { $0 != "." }))
    }
}
