/// The links that step from one change to the next on a "what changed" page: plain anchors to the
/// ids `change-1`, `change-2`, …, so they work without JavaScript and from the keyboard. Each
/// passage starts with them, and says which of how many it is.
enum ChangeSteps {
    static func id(_ passage: Int) -> String { "change-\(passage)" }

    /// `inline` inside a list item or a table cell (phrasing content), else a paragraph of its own.
    static func links(passage: Int, of total: Int, inline: Bool) -> String {
        var parts = ["<span class=\"diff-step__count\">Change \(passage) of \(total)</span>"]
        if passage > 1 { parts.append("<a href=\"#\(id(passage - 1))\">Previous change</a>") }
        if passage < total { parts.append("<a href=\"#\(id(passage + 1))\">Next change</a>") }
        let links = parts.joined(separator: " ")
        return inline ? "<span class=\"diff-step\">\(links)</span> " : "<p class=\"diff-step\">\(links)</p>\n"
    }
}
