import Foundation
import PigmentModel

/// `--diagnostics github`: GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`),
/// which the runner turns into annotations on the changed lines of a pull request. Escaped as the
/// runner's toolkit escapes them: `%`, CR and LF in the message; also `:` and `,` in properties.
public enum GitHubWorkflowCommands {
    /// `pathPrefix`: the site root's path in the repository (`site/`), since GitHub places
    /// annotations by paths from the repository's root and diagnostics name paths from the site's.
    public static func lines(_ diagnostics: [Diagnostic], pathPrefix: String = "") -> String {
        var text = ""
        for diagnostic in diagnostics {
            let location = diagnostic.location
            let command = diagnostic.severity == .error ? "error" : "warning"
            var message = diagnostic.message
            if let hint = diagnostic.hint { message += "\nhint: \(hint)" }
            text += "::\(command) file=\(property(pathPrefix + location.file)),line=\(location.line),col=\(location.column),title=\(property("pigment \(command)"))::"
                + data(message) + "\n"
        }
        return text
    }

    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// The prefix for a site root inside the checkout GitHub names in `GITHUB_WORKSPACE` ("" at its root or outside it).
    public static func pathPrefix(root: URL, workspace: String?) -> String {
        guard let workspace, !workspace.isEmpty else { return "" }
        let base = URL(fileURLWithPath: workspace).standardizedFileURL.path
        let site = root.standardizedFileURL.path
        guard site.hasPrefix(base + "/") else { return "" }
        return String(site.dropFirst(base.count + 1)) + "/"
    }
}
