import PigmentModel

/// `site` in page templates: `title`, `baseURL`, `language`, `description`, `navigation` (`title`,
/// `url`, `current`), `footer` (`title`, `url`), `params` (site.yml's, as written) and `consent`
/// (`SiteConfig.consentTemplateValue`).
struct SiteTemplateValues: TemplateObject {
    let config: SiteConfig
    let baseURL: String
    /// The URL of the page being rendered: its navigation entry is `current`.
    let currentURL: String

    func value(for key: String) -> TemplateData? {
        switch key {
        case "title": return .text(config.title)
        case "baseURL": return .text(baseURL)
        case "language": return .text(config.language)
        case "description": return config.description.map(TemplateData.text)
        case "navigation":
            return .list(config.navigation.map { .object(LinkTemplateValues(link: $0, current: TemplateContext.isCurrent($0.url, for: currentURL))) })
        case "footer": return .list(config.footer.map { .object(LinkTemplateValues(link: $0, current: nil)) })
        case "params": return .dictionary(config.params.mapValues(\.templateData))
        case "consent": return SiteConfig.consentTemplateValue(endpoint: config.consentEndpoint)
        default: return nil
        }
    }

    /// An entry of `navigation` or `footer`. Footer entries have no `current` (a lookup goes on outward).
    struct LinkTemplateValues: TemplateObject {
        let link: SiteConfig.Link
        let current: Bool?

        func value(for key: String) -> TemplateData? {
            switch key {
            case "title": return .text(link.title)
            case "url": return .text(link.url)
            case "current": return current.map(TemplateData.bool)
            default: return nil
            }
        }
    }
}
