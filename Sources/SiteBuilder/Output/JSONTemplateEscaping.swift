import Mustache

/// `{{value}}` inside a JSON string inside an HTML `<script>` (the JSON-LD partial): a template
/// switches to it with `{{% CONTENT_TYPE: PIGMENT_JSON }}`, for the rest of that template only.
/// HTML entities would reach search engines as text (`&amp;`, `&#39;`) and a backslash would break
/// the JSON; here quotes, backslashes and control characters are JSON escapes, and `<`, `>` and `&`
/// become `\u003c`, `\u003e`, `\u0026`, so `</script>` or `<!--` in a title cannot end or hide the
/// script. U+2028 and U+2029 are escaped for older JavaScript parsers.
struct JSONTemplateEscaping: MustacheContentType {
    static let name = "PIGMENT_JSON"

    func escapeText(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "<": escaped += "\\u003c"
            case ">": escaped += "\\u003e"
            case "&": escaped += "\\u0026"
            case "\u{2028}": escaped += "\\u2028"
            case "\u{2029}": escaped += "\\u2029"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
