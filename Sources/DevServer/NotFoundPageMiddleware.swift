import Foundation
import Hummingbird

/// Answers a missing path with the site's `404.html`, as static hosts do, so writers see the real page.
struct NotFoundPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let siteDirectory: URL

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let page = FileManager.default.contents(atPath: siteDirectory.appendingPathComponent("404.html").path) else { throw error }
            return Response(status: .notFound, headers: [.contentType: "text/html; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: page)))
        }
    }
}
