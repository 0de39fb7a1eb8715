import Foundation
import Mustache
import PigmentModel

/// The site's Mustache templates (`Templates/*.mustache`), parsed and checked up front:
/// a syntax error or a partial that names no template is reported at its line, before any page renders.
///
/// Pages render through `CompiledTemplates` (templates compiled at load, over typed `TemplateData`);
/// swift-mustache parses every template, reports its errors, and renders any template the compiler
/// leaves to it.
struct TemplateSet: Sendable {
    private let library: MustacheLibrary
    /// nil: every template renders through swift-mustache (`BuildOptions.rendersWithSwiftMustache`, for the tests comparing the two).
    let compiled: CompiledTemplates?
    let names: Set<String>
    /// Templates that exist but failed to parse: their error is reported, and pages naming them must not add more.
    let unparsable: Set<String>
    /// Template texts by display path (`Templates/base.mustache`), to point at the line of a broken link.
    let sources: [String: String]

    static func load(from directory: URL, displayPrefix: String, compile: Bool = true) -> (TemplateSet, [Diagnostic]) {
        var templates: [String: MustacheTemplate] = [:]
        var sources: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        var unparsable: Set<String> = []
        for path in FileTree.relativeFilePaths(under: directory) where path.hasSuffix(".mustache") {
            let name = String(path.dropLast(".mustache".count))
            let display = displayPrefix + "/" + path
            guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(path).path),
                  let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(.error("cannot read template", at: SourceLocation(file: display)))
                continue
            }
            do {
                TemplateEscaping.registered
                templates[name] = try MustacheTemplate(string: TemplateEscaping.pragmaLine + text)
                sources[display] = text
            } catch let error as MustacheTemplate.ParserError {
                unparsable.insert(name)
                diagnostics.append(sectionDiagnostic(for: error.error, in: text, file: display)
                    ?? .error("template syntax: \(describe(error.error))",
                              at: SourceLocation(file: display, line: error.context.lineNumber - 1 /* the pragma line */, column: error.context.columnNumber)))
            } catch {
                unparsable.insert(name)
                diagnostics.append(.error("template syntax: \(error)", at: SourceLocation(file: display)))
            }
        }
        let names = Set(templates.keys)
        for (display, text) in sources.sorted(by: { $0.key < $1.key }) {
            diagnostics += missingPartials(in: text, file: display, known: names.union(unparsable))
        }
        let set = TemplateSet(library: MustacheLibrary(templates: templates), compiled: compile ? CompiledTemplates(templates) : nil,
                              names: names, unparsable: unparsable, sources: sources)
        return (set, diagnostics)
    }

    func has(_ name: String) -> Bool { names.contains(name) || unparsable.contains(name) }

    /// Where a literal text (a URL) first appears in the templates, preferring the given layout's file.
    func location(of text: String, preferring layout: String) -> SourceLocation {
        let preferred = "Templates/\(layout).mustache"
        for (file, source) in [(preferred, sources[preferred] ?? "")] + sources.sorted(by: { $0.key < $1.key }) {
            guard let range = source.range(of: text) else { continue }
            let before = source[..<range.lowerBound]
            let line = before.reduce(into: 1) { count, character in if character == "\n" { count += 1 } }
            let column = before.distance(from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex,
                                         to: before.endIndex) + 1
            return SourceLocation(file: file, line: line, column: column)
        }
        return SourceLocation(file: preferred)
    }

    func render(_ context: TemplateData, with name: String) -> String {
        compiled?.render(context, with: name) ?? renderWithMustache(context, with: name)
    }

    /// swift-mustache's rendering of the same values: for templates the compiler leaves to it, and
    /// for the tests that hold the two to the same bytes.
    func renderWithMustache(_ context: TemplateData, with name: String) -> String {
        library.render(context.mustacheValue, withTemplate: name) ?? ""
    }

    /// `{{> footer}}` (a partial) and `{{< base}}` (a parent): group 1 is the template's name.
    static let reference = try! NSRegularExpression(pattern: #"\{\{\s*[<>]\s*([^\s*}][^\s}]*)\s*\}\}"#)

    /// `{{> footer}}` and `{{< base}}` must name a template; Mustache itself would render nothing silently.
    private static func missingPartials(in text: String, file: String, known: Set<String>) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            for match in reference.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                let name = String(line[Range(match.range(at: 1), in: line)!])
                guard !known.contains(name) else { continue }
                let column = line.distance(from: line.startIndex, to: Range(match.range, in: line)!.lowerBound) + 1
                diagnostics.append(.error("template '\(name)' does not exist (no Templates/\(name).mustache)",
                                          at: SourceLocation(file: file, line: lineIndex + 1, column: column)))
            }
        }
        return diagnostics
    }

    /// A section left open or closed by the wrong name, said with the section's name and where it opened.
    private static func sectionDiagnostic(for error: Error, in text: String, file: String) -> Diagnostic? {
        guard let error = error as? MustacheTemplate.Error,
              error == .expectedSectionEnd || error == .sectionCloseNameIncorrect,
              let problem = TemplateSections.problem(in: text) else { return nil }
        switch problem {
        case .unclosed(let open):
            return .error("template syntax: section {{\(open.text)}} is never closed: add {{/\(open.name)}} where it should end",
                          at: SourceLocation(file: file, line: open.line, column: open.column))
        case .mismatched(let open, let close):
            return .error("template syntax: {{\(close.text)}} does not close the open section {{\(open.text)}} "
                          + "(line \(open.line), column \(open.column)): close that one first with {{/\(open.name)}}",
                          at: SourceLocation(file: file, line: close.line, column: close.column))
        }
    }

    private static func describe(_ error: Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "closing tag does not match the open section"
        case .unfinishedName: return "unfinished tag: '{{' without '}}'"
        case .expectedSectionEnd: return "section is never closed with {{/name}}"
        case .invalidSetDelimiter: return "malformed set-delimiter tag"
        case .transformAppliedToInheritanceSection: return "a transform cannot apply to an inheritance section"
        case .illegalTokenInsideInheritSection: return "only {{$block}} tags may stand inside {{<parent}}"
        case .textInsideInheritSection: return "only {{$block}} tags may stand inside {{<parent}}"
        case .invalidConfigVariableSyntax: return "malformed pragma"
        case .unrecognisedConfigVariable: return "unknown pragma"
        @unknown default: return "\(error)"
        }
    }
}
