import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Every answer of the consent and admin APIs goes through here: what a handler throws becomes the
/// API's JSON error (never a bare 500 with an empty body), storage failures and unreadable entries
/// are logged and counted, and each answer is counted by route and status.
public struct FailureAnswers: Sendable {
    let metrics: ConsentMetrics
    let health: StorageHealth
    let logger: Logger

    public init(metrics: ConsentMetrics, health: StorageHealth, logger: Logger = Logger(label: "pigment.consent")) {
        self.metrics = metrics
        self.health = health
        self.logger = logger
    }

    /// Runs the handler and counts its answer; a thrown error is answered as `answer(for:)` says.
    func answering(_ route: String, _ work: () async throws -> Response) async -> Response {
        let response: Response
        do {
            response = try await work()
        } catch {
            response = answer(for: error)
        }
        metrics.request(route: route, status: Int(response.status.code))
        if response.status.code >= 400, let code = response.headers[JSONResponse.errorCodeHeader] { metrics.rejected(code) }
        return response
    }

    func answer(for error: any Error) -> Response {
        switch error {
        case let failure as StorageFailure:
            health.failed(failure)
            var response = JSONResponse.error(SubmissionError(
                status: 503, code: "storage_unavailable", detail: "\(failure.kind.reason); nothing was recorded, try again later"))
            response.headers[.retryAfter] = String(failure.kind.retryAfterSeconds)
            return response
        case let unreadable as UnreadableRecord:
            unreadableFound(unreadable)
            return JSONResponse.error(SubmissionError(status: 500, code: "unreadable_record", detail: unreadable.description))
        case let refusal as SubmissionError:
            return JSONResponse.error(refusal)
        case let error as HTTPError where error.status == .contentTooLarge:
            return JSONResponse.error(ConsentSubmissionParser.tooLarge)
        default:
            logger.error("consent API: unexpected error: \(error)")
            return JSONResponse.error(SubmissionError(status: 500, code: "internal_error", detail: "the server failed to answer; nothing was recorded"))
        }
    }

    /// Logged and counted each time one is met: nobody but someone with the file can put one there.
    func unreadableFound(_ unreadable: UnreadableRecord) {
        metrics.unreadableRecord()
        logger.error("consent log: \(unreadable)")
    }
}
