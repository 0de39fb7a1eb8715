import Foundation

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
        if configuration.secureCookies { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}
