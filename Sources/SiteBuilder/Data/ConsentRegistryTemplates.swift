import Foundation
import PigmentModel

/// The registry as the build shows it: the banner's JSON configuration and what templates see.
extension ConsentRegistry {
    /// What the banner script needs, as JSON: `{{{data.consent.json}}}` inside
    /// `<script type="application/json">`. `<` is escaped so no text can close the script element.
    public var bannerConfigurationJSON: String { bannerConfigurationJSON(policy: nil) }

    /// With the privacy policy's URL and current version, once the build knows them.
    func bannerConfigurationJSON(policy: (url: String, version: String)?) -> String {
        var object: [String: Any] = [
            "version": version,
            "cookie": ["name": choiceCookie.name, "monthsAfterConsent": choiceCookie.monthsAfterConsent,
                       "monthsAfterRefusal": choiceCookie.monthsAfterRefusal],
            "categories": categories.map { category in
                ["id": category.id, "title": category.title, "required": category.required,
                 "cookies": category.cookies.map(\.name), "googleConsentMode": category.googleConsentMode] as [String: Any]
            },
        ]
        if let policy { object["policy"] = ["url": policy.url, "version": policy.version] }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// What templates see as `data.consent`. The JSON and version are passed in, computed once a build.
    func templateValue(json: String, version: String) -> [String: TemplateData] {
        [
            "json": .text(json),
            "version": .text(version),
            "categories": .list(categories.map { category in
                .dictionary([
                    "id": .text(category.id), "title": .text(category.title), "description": .text(category.description),
                    "required": .bool(category.required), "optional": .bool(!category.required),
                    "cookies": .list(category.cookies.map { Self.cookieValue($0, in: category) }),
                    "hasCookies": .bool(!category.cookies.isEmpty),
                ])
            }),
        ]
    }

    static func cookieValue(_ cookie: Cookie, in category: Category) -> TemplateData {
        .dictionary(["name": .text(cookie.name), "provider": .text(cookie.provider), "purpose": .text(cookie.purpose),
                     "lifetime": .text(cookie.lifetime), "category": .text(category.id), "categoryTitle": .text(category.title)])
    }
}
