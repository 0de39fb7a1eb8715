/// Where a page's tags lead: `/tags/<slug>/`, a listing of every page with that tag, and `/tags/`
/// listing the tags (Hugo's and Zola's taxonomy pages). The assembler lists them as folders under
/// `tags/`, so they get the section template, breadcrumbs and ordering every folder gets.
enum TagPages {
    static let folder = "tags"

    /// `Product news` → `product-news`; nil for a tag with no letter or digit, which gets no page.
    static func slug(_ tag: String) -> String? {
        var slug = ""
        var pendingHyphen = false
        for character in tag.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingHyphen, !slug.isEmpty { slug.append("-") }
                pendingHyphen = false
                slug.append(character)
            } else {
                pendingHyphen = true
            }
        }
        return slug.isEmpty ? nil : slug
    }

    /// The folder of a tag's listing (`tags/guides`), nil when the tag has no slug.
    static func listingFolder(_ tag: String) -> String? { slug(tag).map { "\(folder)/\($0)" } }

    /// What a page's template shows of its tags: `{{#page.tagLinks}}<a href="{{url}}">{{name}}</a>{{/page.tagLinks}}`.
    static func links(_ tags: [String]) -> [[String: String]] {
        tags.compactMap { tag in listingFolder(tag).map { ["name": tag, "url": "/\($0)/"] } }
    }
}
