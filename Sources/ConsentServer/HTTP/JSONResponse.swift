import Foundation
import HTTPTypes
import Hummingbird
import PigmentModel

/// JSON answers of the consent API.
enum JSONResponse {
    static func object(_ status: Int, _ object: [String: Any], headers: HTTPFields = [:]) -> Response {
        text(status, JSONText.encode(object), headers: headers)
    }

    static func text(_ status: Int, _ json: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        fields[.xContentTypeOptions] = "nosniff"
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// `{"error": code, "detail": detail}` with the error's status. A body too large is not read to
    /// its end, so that connection is closed after the answer (`ConnectionDeadlines` does it).
    static func error(_ error: SubmissionError) -> Response {
        var headers: HTTPFields = [errorCodeHeader: error.code]
        if error.status == 413 { headers[.connection] = "close" }
        return object(error.status, ["error": error.code, "detail": error.detail], headers: headers)
    }

    /// Set on error answers so metrics can count them by kind without parsing the body.
    static let errorCodeHeader = HTTPField.Name("X-Consent-Error")!

    static func created(_ record: ConsentRecord, cookies: [String]) -> Response {
        text(201, RecordJSON.encode(record), headers: setCookies(cookies))
    }

    /// One `Set-Cookie` field per cookie, as browsers require.
    static func setCookies(_ cookies: [String]) -> HTTPFields {
        var fields = HTTPFields()
        for cookie in cookies { fields.append(HTTPField(name: .setCookie, value: cookie)) }
        return fields
    }

    static func recordObject(_ record: ConsentRecord) -> [String: Any] {
        var object: [String: Any] = [
            "consentId": record.consentID,
            "recordedAt": LogTimestamp.text(record.recordedAt),
            "event": record.event.rawValue,
            "choices": record.choices,
            "registryVersion": record.registryVersion,
            "method": record.method.rawValue,
            "source": record.source.rawValue,
            "gpc": record.gpc,
        ]
        if let policy = record.policyVersion { object["policyVersion"] = policy }
        if let page = record.pagePath { object["page"] = page }
        return object
    }
}
