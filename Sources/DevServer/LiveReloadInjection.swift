import Foundation
import Hummingbird

/// Answers HTML pages of the preview with the live-reload script added before `</body>`.
struct LiveReloadInjection<Context: RequestContext>: RouterMiddleware {
    let siteDirectory: URL

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method == .get, !path.contains(".."), path.hasSuffix("/") || path.hasSuffix(".html") else {
            return try await next(request, context)
        }
        let file = siteDirectory.appendingPathComponent(path.hasSuffix("/") ? path + "index.html" : path)
        guard let data = FileManager.default.contents(atPath: file.path) else { return try await next(request, context) }
        var html = String(decoding: data, as: UTF8.self)
        if let end = html.range(of: "</body>", options: .backwards) {
            html.insert(contentsOf: LiveReload.scriptTag, at: end.lowerBound)
        } else {
            html += LiveReload.scriptTag
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
