import Foundation
import HTTPTypes
import Hummingbird
import PigmentModel

/// JSON answers of the consent API, every one written by `JSONText`.
enum JSONResponse {
    static func json(_ status: Int, _ value: some Encodable, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[.xContentTypeOptions] = "nosniff"
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: JSONText.encode(value))))
    }

    /// `{"error": code, "detail": detail}` with the error's status. A body too large is not read to
    /// its end, so that connection is closed after the answer (`ConnectionDeadlines` does it).
    static func error(_ error: SubmissionError) -> Response {
        var headers: HTTPFields = [errorCodeHeader: error.code]
        if error.status == 413 { headers[.connection] = "close" }
        return json(error.status, error, headers: headers)
    }

    /// Set on error answers so metrics can count them by kind without parsing the body.
    static let errorCodeHeader = HTTPField.Name("X-Consent-Error")!

    static func created(_ record: ConsentRecord, cookies: [String]) -> Response {
        json(201, record, headers: setCookies(cookies))
    }

    /// One `Set-Cookie` field per cookie, as browsers require.
    static func setCookies(_ cookies: [String]) -> HTTPFields {
        var fields = HTTPFields()
        for cookie in cookies { fields.append(HTTPField(name: .setCookie, value: cookie)) }
        return fields
    }
}

/// A refusal as the API answers it: the code under `error`, and the detail; the status is the answer's own.
extension SubmissionError: Encodable {
    private enum CodingKeys: String, CodingKey { case detail, error }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(detail, forKey: .detail)
        try container.encode(code, forKey: .error)
    }
}
