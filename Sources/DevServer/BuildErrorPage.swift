import Foundation
import Hummingbird
import SiteBuilder

/// While no build of a `pigment serve` session has succeeded, answers a page the output does not hold
/// with the build's errors (each with its excerpt and caret, as the terminal shows them) instead of a
/// blank 404; the live-reload script on it reloads once a build succeeds.
struct BuildErrorPage<Context: RequestContext>: RouterMiddleware {
    let liveReload: LiveReload

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let page = errorPage(for: request) else { throw error }
            return page
        }
        // A 404.html left by an earlier session answers too: still the errors are what the writer needs.
        if response.status == .notFound, let page = errorPage(for: request) { return page }
        return response
    }

    private func errorPage(for request: Request) -> Response? {
        guard request.method == .get || request.method == .head, let errors = liveReload.errorsBeforeAGoodBuild else { return nil }
        return Response(status: .internalServerError, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: Self.html(errors))))
    }

    static func html(_ errors: [String]) -> String {
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Build failed · pigment serve</title>
            <style>
            body { margin: 0; padding: 2rem; background: #141018; color: #fff; font: 14px/1.5 ui-monospace, monospace; }
            h1 { font-size: 1.25rem; margin: 0 0 1rem; } pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 1.25rem; }
            </style></head>
            <body><main><h1>The site has not built yet: \(count)</h1>
            <p>Fix the files below and save: this page reloads once a build succeeds.</p>
            \(errors.map { "<pre>\($0.htmlEscaped)</pre>" }.joined(separator: "\n"))
            </main>\(LiveReload.scriptTag)</body></html>
            """
    }
}
