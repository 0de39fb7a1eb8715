import Mustache
import Testing
@testable import SiteBuilder

/// The compiled renderer reads swift-mustache's internal token tree through `Mirror`
/// (`MustacheToken`). A swift-mustache release that renames or reshapes a token case fails here,
/// loudly, rather than leaving every template to the slow path without anyone noticing.
@Suite("swift-mustache's token shape")
struct MustacheTokenShapeTests {
    @Test func everyTokenKindReadsBackWithItsFields() throws {
        TemplateEscaping.registered
        let text = """
            {{% CONTENT_TYPE: PIGMENT_JSON }}
            text {{name}}{{{raw}}}{{& amp}}{{#empty(list)}}in{{/empty(list)}}{{^inv}}not{{/inv}}{{$block}}default{{/block}}
              {{>partial}}
            {{<parent}}{{$over}}x{{/over}}{{/parent}}{{>*dynamic}}
            """
        let tokens = try MustacheToken.tokens(of: MustacheTemplate(string: text))
        var kinds: [String] = []
        for token in tokens {
            switch token {
            case .text(let text): kinds.append("text:\(text)")
            case .variable(let name, let transforms, let escaped): kinds.append("\(escaped ? "var" : "raw"):\(name):\(transforms)")
            case .section(let name, let transforms, let body, let inverted):
                kinds.append("\(inverted ? "inverted" : "section"):\(name):\(transforms):\(try MustacheToken.tokens(of: body).count)")
            case .blockDefinition(let name, _): kinds.append("definition:\(name)")
            case .blockExpansion(let name, let body, let indentation):
                kinds.append("block:\(name):\(indentation.map { "[\($0)]" } ?? "nil"):\(try MustacheToken.tokens(of: body).count)")
            case .partial(let name, let indentation, let overrides):
                kinds.append("partial:\(name):\(indentation.map { "[\($0)]" } ?? "nil"):\(overrides?.keys.sorted() ?? [])")
            case .dynamicNamePartial(let name): kinds.append("dynamic:\(name)")
            case .contentType(let contentType): kinds.append("contentType:\(contentType is JSONTemplateEscaping)")
            }
        }
        #expect(kinds == [
            "contentType:true", "text:text ", "var:name:[]", "raw:raw:[]", "raw:amp:[]", "section:list:[\"empty\"]:1",
            "inverted:inv:[]:1", "block:block:[]:1", "text:\n", "text:  ", "partial:partial:[  ]:[]",
            "partial:parent:[]:[\"over\"]", "dynamic:dynamic",
        ])
    }

    @Test func theRendererFindsSwiftMustachesOwnHTMLEscaping() {
        #expect(!(CompiledTemplateRenderer.defaultContentType is TemplateEscaping))
        #expect(CompiledTemplateRenderer.defaultContentType.escapeText("<&>") == "&lt;&amp;&gt;")
    }
}
