import ArgumentParser
import Foundation
import SiteBuilder

extension PageScaffold.Kind: ExpressibleByArgument {}

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a page with valid front matter: post (Content/blog/), legal (Content/legal/) or page (Content/).",
        discussion: "The new file is a draft: preview it with `pigment serve --drafts`, and remove 'draft: true' to publish."
    )

    @Argument(help: "What to create: post, legal or page.")
    var kind: PageScaffold.Kind

    @Argument(help: "The page's title, in quotes.")
    var title: String

    @Option(help: "The site root, holding Content/, Templates/ and public/.")
    var root: String = "."

    func run() throws {
        do {
            let path = try PageScaffold.create(kind, title: title, root: URL(fileURLWithPath: root).standardizedFileURL)
            print("Created \(path)")
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
