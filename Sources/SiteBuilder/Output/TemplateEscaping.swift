import Mustache

/// How `{{value}}` is escaped in every template. Mustache's own HTML escaping walks each value
/// character by character through a dictionary, a tenth of the template stage on a large site; this
/// makes the same five replacements over bytes (`String.htmlEscaped`).
///
/// Mustache picks an escaping by a pragma naming a registered content type, so each template is
/// parsed with `pragmaLine` before its first line (a standalone tag line: it renders as nothing).
struct TemplateEscaping: MustacheContentType {
    static let pragmaLine = "{{% CONTENT_TYPE: PIGMENT_HTML }}\n"

    /// Registers the content types (and `JSONTemplateEscaping`'s); evaluated once, before the first template is parsed.
    static let registered: Void = {
        MustacheContentTypes.register(TemplateEscaping(), named: "PIGMENT_HTML")
        MustacheContentTypes.register(JSONTemplateEscaping(), named: JSONTemplateEscaping.name)
    }()

    func escapeText(_ text: String) -> String { text.htmlEscaped }
}
