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

/// Each distinct tag's listing folder, slugged once per assembly: slugging every tag of 10,000 pages
/// (and a `Set` per page) again on each rebuild took most of the 70-80 ms "assemble" stage of a
/// title-edit rebuild (`pigment serve --timings`, 2026-12-01), where a site has a few dozen tags.
struct TagFolders {
    private var known: [String: String?] = [:]

    mutating func folder(of tag: String) -> String? {
        if let folder = known[tag] { return folder }
        let folder = TagPages.listingFolder(tag)
        known[tag] = .some(folder)
        return folder
    }
}
