import PigmentModel

/// Turns shortcode calls into HTML through `Templates/shortcodes/<name>.mustache`.
///
/// The built-in shortcodes read the site's data files and check their arguments:
/// - `cookie-table [category="id"]`: the consent registry's cookies, all or one category's;
/// - `subprocessor-table`, `subprocessor-list`: the sub-processor list.
/// Any other template in `Templates/shortcodes/` is a shortcode too, given its arguments as `args`,
/// the data files as `data`, where consent forms post as `site.consent`, and `params` of site.yml as
/// `site.params` (the app's sign-up address on the pricing page's buttons).
struct ShortcodeExpander: Sendable {
    var templates: TemplateSet
    var data: SiteData
    /// `consent.endpoint` of site.yml: the preference centre's forms post there (`site.consent.api`).
    var consentEndpoint: String? = nil
    var siteParams: [String: TemplateValue] = [:]

    /// Changes when any shortcode could expand differently: a data file or a shortcode template (for `pigment serve`'s cache).
    var digest: Int {
        var hasher = Hasher()
        hasher.combine(data.digests)
        hasher.combine(data.invalid)
        hasher.combine(consentEndpoint)
        hasher.combine(siteParams)
        hasher.combine(templates.sources.filter { $0.key.hasPrefix("Templates/shortcodes/") })
        hasher.combine(templates.unparsable)
        return hasher.finalize()
    }

    enum Outcome {
        case html(String)
        /// A message, and the argument it is about (nil: the tag as a whole).
        case failure(String, argument: String?)
        /// The data file the shortcode shows failed (its own error is reported): the block is left out.
        case dataFileFailed
    }

    func expand(_ call: ShortcodeCall) -> Outcome {
        let template = "shortcodes/\(call.name)"
        guard templates.has(template) else {
            let known = templates.names.filter { $0.hasPrefix("shortcodes/") }.map { String($0.dropFirst("shortcodes/".count)) }.sorted()
            let choices = known.isEmpty ? "the site has no shortcodes" : "known: \(known.joined(separator: ", "))"
            return .failure("unknown shortcode '\(call.name)' (no Templates/\(template).mustache; \(choices))",
                            argument: nil)
        }
        let context: TemplateData
        switch builtInContext(for: call) {
        case .some(.success(let values)): context = .dictionary(values)
        case .some(.failure(let problem)) where problem.dataFileIsInvalid: return .dataFileFailed
        case .some(.failure(let problem)): return .failure(problem.message, argument: problem.argument)
        case .none: context = .dictionary(["args": .dictionary(call.arguments.mapValues(TemplateData.text)), "data": data.templateValue,
                                           "site": .dictionary(["consent": SiteConfig.consentTemplateValue(endpoint: consentEndpoint),
                                                                "params": .dictionary(siteParams.mapValues(\.templateData))])])
        }
        return .html(templates.render(context, with: template))
    }

    struct Problem: Error {
        var message: String
        var argument: String?
        /// The data file exists but has errors of its own, already reported.
        var dataFileIsInvalid = false
    }

    private func builtInContext(for call: ShortcodeCall) -> Result<[String: TemplateData], Problem>? {
        switch call.name {
        case "cookie-table":
            if let unknown = call.arguments.keys.sorted().first(where: { $0 != "category" }) {
                return .failure(Problem(message: "cookie-table takes only 'category', not '\(unknown)'", argument: unknown))
            }
            guard let registry = data.consent else {
                return .failure(Problem(message: "cookie-table needs the consent registry Content/data/consent.yml",
                                        dataFileIsInvalid: data.invalid.contains("consent")))
            }
            var categories = registry.categories
            if let id = call.arguments["category"] {
                guard let category = registry.category(id) else {
                    let known = registry.categories.map(\.id).joined(separator: ", ")
                    return .failure(Problem(message: "no cookie category '\(id)' in Content/data/consent.yml (categories: \(known))",
                                            argument: "category"))
                }
                categories = [category]
            }
            let cookies = categories.flatMap { category in category.cookies.map { ConsentRegistry.cookieValue($0, in: category) } }
            return .success(["cookies": .list(cookies), "single": .bool(categories.count == 1),
                             "category": .text(categories.count == 1 ? categories[0].title : ""), "version": .text(registry.version)])
        case "subprocessor-table", "subprocessor-list":
            guard call.arguments.isEmpty else {
                return .failure(Problem(message: "\(call.name) takes no arguments", argument: call.arguments.keys.sorted().first))
            }
            guard let list = data.subprocessors else {
                return .failure(Problem(message: "\(call.name) needs the sub-processor list Content/data/subprocessors.yml",
                                        dataFileIsInvalid: data.invalid.contains("subprocessors")))
            }
            return .success(["subprocessors": .list(list.map(\.templateValue))])
        default:
            return nil
        }
    }
}
