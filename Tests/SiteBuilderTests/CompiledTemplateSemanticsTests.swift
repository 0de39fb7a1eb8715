import Foundation
import PigmentModel
import Testing
@testable import SiteBuilder

/// Each Mustache rule the compiled renderer keeps, pinned by its expected text and held to what
/// swift-mustache renders from the same values, hostile cases included.
@Suite("Compiled templates: Mustache semantics")
struct CompiledTemplateSemanticsTests {
    /// Templates in a temporary folder, loaded as the build loads them (with the escaping pragma).
    final class Templates {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pigment-semantics-\(UUID().uuidString)")
        let set: TemplateSet

        init(_ files: [String: String]) throws {
            for (name, text) in files {
                let url = folder.appendingPathComponent(name + ".mustache")
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
            let (set, diagnostics) = TemplateSet.load(from: folder, displayPrefix: "Templates")
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            self.set = set
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        /// Renders `name` both ways: the compiled text, after checking it is swift-mustache's and that the compiler took the template.
        func render(_ name: String, _ context: TemplateData, compiled: Bool = true, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
            let rendered = set.render(context, with: name)
            #expect(rendered == set.renderWithMustache(context, with: name), "differs from swift-mustache", sourceLocation: sourceLocation)
            #expect(set.compiled?.canRender(name) == compiled, "compiled: expected \(compiled)", sourceLocation: sourceLocation)
            return rendered
        }
    }

    /// A typed object, as pages and dates are.
    struct Object: TemplateObject {
        var fields: [String: TemplateData]
        func value(for key: String) -> TemplateData? { fields[key] }
    }

    static func render(_ template: String, _ context: [String: TemplateData], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        try Templates(["t": template]).render("t", .dictionary(context), sourceLocation: sourceLocation)
    }

    @Test func missingNamesRenderNothing() throws {
        let context: [String: TemplateData] = ["page": .object(Object(fields: ["title": .text("T")]))]
        #expect(try Self.render("[{{missing}}][{{page.missing}}][{{missing.deep}}][{{{page.title.deeper}}}][{{#missing}}x{{/missing}}][{{^missing}}y{{/missing}}]", context)
                == "[][][][][][y]")
    }

    @Test func presentButFalsyValues() throws {
        let template = "{{#v}}T{{/v}}{{^v}}F{{/v}}"
        #expect(try Self.render(template, ["v": .bool(false)]) == "F")
        #expect(try Self.render(template, ["v": .list([])]) == "F")
        // swift-mustache: an empty string, zero and nil are values, so their sections render.
        #expect(try Self.render(template, ["v": .text("")]) == "T")
        #expect(try Self.render(template, ["v": .int(0)]) == "T")
        #expect(try Self.render(template, ["v": .null]) == "T")
        #expect(try Self.render(template, ["v": .dictionary([:])]) == "T")
        // Found but falsy stops the search outward.
        #expect(try Self.render("{{#o}}{{#v}}T{{/v}}{{^v}}F{{/v}}{{/o}}", ["v": .bool(true), "o": .dictionary(["v": .bool(false)])]) == "F")
    }

    @Test func valuesRenderAsSwiftMustacheWritesThem() throws {
        #expect(try Self.render("{{n}} {{d}} {{b}} {{nul}} {{s}}", ["n": .int(-3), "d": .double(1.5), "b": .bool(true), "nul": .null, "s": .text("s")])
                == "-3 1.5 true nil s")
        _ = try Self.render("{{l}}|{{o}}", ["l": .list([.text("a"), .int(1)]), "o": .dictionary(["k": .text("v")])])
    }

    @Test func contextStackForTheFirstNameThenStrictDescent() throws {
        let context: [String: TemplateData] = [
            "title": .text("outer"), "b": .dictionary(["c": .text("outer b.c")]),
            "a": .object(Object(fields: ["b": .dictionary([:]), "name": .text("A")])),
        ]
        #expect(try Self.render("{{#a}}{{name}} {{title}} [{{b.c}}] [{{.name}}] [{{.title}}]{{/a}}", context) == "A outer [] [A] []")
        #expect(try Self.render("{{a.name}}{{#a.b}}({{title}}){{/a.b}}", context) == "A(outer)")
    }

    @Test func implicitIteratorAndNestedLists() throws {
        let context: [String: TemplateData] = [
            "xs": .list([.text("a<"), .int(2), .double(0.5), .bool(false), .null]),
            "rows": .list([.list([.int(1), .int(2)]), .list([]), .list([.list([.text("deep")])])]),
            "people": .list([.object(Object(fields: ["name": .text("Ann")])), .dictionary(["name": .text("Bo"), "title": .text("inner")])]),
            "title": .text("outer"),
        ]
        #expect(try Self.render("{{#xs}}<{{.}}>{{/xs}}", context) == "<a&lt;><2><0.5><false><nil>")
        #expect(try Self.render("{{#rows}}[{{#.}}({{.}}){{/.}}{{^.}}empty{{/.}}]{{/rows}}", context) == "[(1)(2)][empty][([&quot;deep&quot;])]")
        #expect(try Self.render("{{#people}}{{name}}:{{title}};{{/people}}", context) == "Ann:outer;Bo:inner;")
        #expect(try Self.render("{{#rows}}{{#.}}{{#.}}{{.}}{{/.}}{{/.}}{{/rows}}", context) == "12deep")
    }

    @Test func escapedAndUnescapedVariables() throws {
        let hostile: [String: TemplateData] = ["v": .text(#"<a href="x">&'</a>"#)]
        #expect(try Self.render("{{v}}|{{{v}}}|{{& v}}", hostile)
                == #"&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;|<a href="x">&'</a>|<a href="x">&'</a>"#)
        let templates = try Templates([
            "page": "<p>{{v}}</p>{{>ld}}<p>{{v}}</p>",
            "ld": "{{% CONTENT_TYPE: PIGMENT_JSON }}\n{\"v\": \"{{v}}\", \"raw\": \"{{{v}}}\"{{#o}}, \"inner\": \"{{v}}\"{{/o}}}",
        ])
        let rendered = templates.render("page", .dictionary(["v": .text("<\"&'\\>"), "o": .dictionary([:])]))
        #expect(rendered == #"<p>&lt;&quot;&amp;&#39;\&gt;</p>{"v": "\u003c\"\u0026'\\\u003e", "raw": "<"&'\>", "inner": "\u003c\"\u0026'\\\u003e"}<p>&lt;&quot;&amp;&#39;\&gt;</p>"#)
    }

    @Test func partialsKeepTheirIndentation() throws {
        let templates = try Templates([
            "page": "<ul>\n  {{>item}}\n</ul>\n<div>\n    {{>nested}}\n</div>\n",
            "item": "<li>{{a}}</li>\n<li>\n{{#l}}\n{{.}}\n{{/l}}\n</li>\n",
            "nested": "<p>\n  {{>item}}\n</p>\n",
        ])
        let rendered = templates.render("page", .dictionary(["a": .text("A\nB"), "l": .list([.text("x"), .text("y\nz")])]))
        #expect(rendered.hasPrefix("<ul>\n  <li>A\nB</li>\n  <li>\n  x\n"))
    }

    @Test func recursivePartials() throws {
        let templates = try Templates(["toc": "<ul>{{#entries}}<li>{{title}}{{#hasChildren}}{{#children}}{{>item}}{{/children}}{{/hasChildren}}</li>{{/entries}}</ul>",
                                       "item": "[{{title}}{{#children}}{{>item}}{{/children}}]"])
        let leaf = TemplateData.dictionary(["title": .text("leaf"), "children": .list([])])
        let context = TemplateData.dictionary(["entries": .list([.dictionary(["title": .text("top"), "hasChildren": .bool(true),
                                                                               "children": .list([.dictionary(["title": .text("mid"), "children": .list([leaf])])])])])])
        #expect(templates.render("toc", context) == "<ul><li>top[mid[leaf]]</li></ul>")
    }

    @Test func parentsAndBlocksOverriddenAndNot() throws {
        let templates = try Templates([
            "base": "<title>{{$title}}Default {{site}}{{/title}}</title>\n<main>\n  {{$main}}\n  no main\n  {{/main}}\n</main>\n{{$foot}}foot{{/foot}}",
            "middle": "{{<base}}{{$title}}Middle{{/title}}{{$foot}}middle foot{{/foot}}{{/base}}",
            "page": "{{<base}}{{$main}}<p>{{v}}</p>\n<p>two</p>{{/main}}{{/base}}",
            "leaf": "{{<middle}}{{$title}}Leaf {{v}}{{/title}}{{/middle}}",
        ])
        let context = TemplateData.dictionary(["v": .text("<v>"), "site": .text("S")])
        #expect(templates.render("page", context) == "<title>Default S</title>\n<main>\n  <p>&lt;v&gt;</p>\n  <p>two</p></main>\nfoot")
        #expect(templates.render("leaf", context).hasPrefix("<title>Leaf &lt;v&gt;</title>"), "the outermost override wins")
        #expect(templates.render("leaf", context).hasSuffix("middle foot"))
    }

    @Test func transforms() throws {
        let context: [String: TemplateData] = ["xs": .list([.text("a"), .text("b")]), "none": .list([]), "s": .text("hello world"),
                                               "n": .int(4), "b": .bool(true), "d": .dictionary(["k": .null]), "o": .object(Object(fields: [:]))]
        #expect(try Self.render("{{^empty(xs)}}has{{/empty(xs)}}{{#empty(none)}} none{{/empty(none)}}", context) == "has none")
        // On a missing value, or one it does not apply to, a transform gives a missing value.
        #expect(try Self.render("[{{empty(missing)}}][{{^empty(missing)}}no{{/empty(missing)}}][{{empty(b)}}][{{count(o)}}][{{plusone(s)}}]", context)
                == "[][no][][][]")
        #expect(try Self.render("{{count(xs)}} {{first(xs)}} {{last(xs)}} {{first(none)}}|{{uppercased(s)}} {{capitalized(s)}} {{lowercased(uppercased(s))}}", context)
                == "2 a b |HELLO WORLD Hello World hello world")
        #expect(try Self.render("{{plusone(n)}} {{minusone(n)}} {{even(n)}} {{odd(n)}} {{equalzero(n)}} {{count(d)}} {{empty(d)}} {{empty(s)}} {{plusone(count(xs))}}", context)
                == "5 3 true false false 1 false false 3")
    }

    @Test func setDelimitersCommentsAndStandaloneLines() throws {
        let context: [String: TemplateData] = ["v": .text("V"), "t": .bool(true), "l": .list([.int(1), .int(2)])]
        #expect(try Self.render("{{=<% %>=}}<% v %>|<%={{ }}=%>{{v}}{{! a comment }}|{{!\nmultiline\n}}", context) == "V|V|")
        #expect(try Self.render("a\n  {{#t}}\nline\n  {{/t}}\n{{! standalone comment }}\n{{#l}}\n- {{.}}\n{{/l}}\nend\n", context) == "a\nline\n- 1\n- 2\nend\n")
    }

    @Test func typedPageValuesReadTheirFields() throws {
        let date = SiteDate(parsing: "2026-05-04")!
        let context: [String: TemplateData] = ["date": DateTemplateValues.data(date)]
        #expect(try Self.render("{{date.iso}}|{{#date}}{{display}}{{/date}}|{{date.nothing}}", context) == "2026-05-04|\(date.display)|")
    }

    @Test func whatTheCompilerLeavesToSwiftMustacheRendersThereAndSoDoesWhatIncludesIt() throws {
        let templates = try Templates([
            "positions": "{{#xs}}{{.}}{{^last()}}, {{/last()}}{{/xs}}",
            "sorted": "{{#sorted(xs)}}{{.}}{{/sorted(xs)}}",
            "page": "<p>{{>positions}}</p>",
            "plain": "<p>{{xs}}</p>",
        ])
        let context = TemplateData.dictionary(["xs": .list([.text("b"), .text("a")])])
        #expect(templates.render("positions", context, compiled: false) == "b, a")
        #expect(templates.render("page", context, compiled: false) == "<p>b, a</p>")
        _ = templates.render("sorted", context, compiled: false)
        _ = templates.render("plain", context, compiled: true)
        #expect(templates.set.compiled?.leftToMustache.keys.sorted() == ["positions", "sorted"])
    }
}
