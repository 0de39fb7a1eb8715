/// `site.consent` in templates and shortcodes: where the banner and the no-JavaScript forms post,
/// `site.consent.api` (`https://consent.example.com/api/consent`, or `/api/consent` on the site's
/// own origin), and `site.consent.endpoint`, the API's origin (empty on the site's own).
extension SiteConfig {
    static func consentTemplateValue(endpoint: String?) -> TemplateData {
        .dictionary(["endpoint": .text(endpoint ?? ""), "api": .text((endpoint ?? "") + "/api/consent")])
    }
}
