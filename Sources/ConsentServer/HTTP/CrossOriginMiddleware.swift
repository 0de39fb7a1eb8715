import HTTPTypes
import Hummingbird

/// CORS for every path under `/api/` (routes added later included), so pages of a site on another
/// origin can call the API. A preflight (`OPTIONS` with `Origin`) from an allowed origin is answered
/// 204 with what the browser needs to send the request; from any other origin 403, the API's JSON
/// refusal. Every answer to an allowed origin, errors too, names that origin and allows credentials
/// (the choice cookie), so the page can read it; every API answer varies by `Origin`.
///
/// Hummingbird's `CORSMiddleware` can echo one of a list of origins, but it answers a preflight from
/// any origin 204, sends `Access-Control-Allow-Credentials: true` to every origin, and covers every
/// path of the router (the site's files too), hence this one.
struct CrossOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: CrossOriginPolicy
    let metrics: ConsentMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix("/api/") || path == "/api" else { return try await next(request, context) }
        let origin = request.headers[.origin]
        let allowed = origin.map(policy.allows) ?? false
        if request.method == .options, let origin {
            var response = allowed ? Self.preflight(origin) : Self.refusal(from: origin)
            if !allowed { response.headers.append(HTTPField(name: .vary, value: "Origin")) }
            metrics.request(route: "preflight", status: Int(response.status.code))
            if !allowed { metrics.rejected("cross_origin") }
            return response
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where allowed {
            response = try error.response(from: request, context: context)
        }
        response.headers.append(HTTPField(name: .vary, value: "Origin"))
        if allowed, let origin { Self.allow(origin, in: &response.headers) }
        return response
    }

    static func preflight(_ origin: String) -> Response {
        var headers: HTTPFields = [
            .accessControlAllowMethods: CrossOriginPolicy.allowedMethods,
            .accessControlAllowHeaders: CrossOriginPolicy.allowedHeaders,
            .accessControlMaxAge: String(CrossOriginPolicy.maxAge),
            .vary: "Origin",
        ]
        allow(origin, in: &headers)
        return Response(status: .noContent, headers: headers)
    }

    static func allow(_ origin: String, in headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = origin
        headers[.accessControlAllowCredentials] = "true"
    }

    /// The answer to a browser request from an origin that may not call the API, whatever its method.
    static func refusal(from origin: String) -> Response {
        JSONResponse.error(SubmissionError(status: 403, code: "cross_origin", detail: "requests from \(origin) are not accepted"))
    }
}
