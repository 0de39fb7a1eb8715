import ConsentServer
import Foundation

/// A JSON consent body: our banner's shape, or vanilla-cookieconsent v3's when it has `categories`.
/// Refusing is fine; an accepted one must keep the submission's promises, and the body read from
/// the request's buffer must get the answer the same body read from `Data` gets (status and code:
/// the detail may name either of two unknown categories, since the choices are a dictionary).
enum ConsentPayloadTarget {
    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        let parser = SubmissionPromises.parser
        let fromBuffer = Result { () throws(SubmissionError) in try parser.parseJSON(bytes: bytes) }
        let fromData = Result { () throws(SubmissionError) in try parser.parseJSON(Data(bytes)) }
        guard answer(fromBuffer) == answer(fromData) else {
            throw FuzzFailure("parseJSON(bytes:) gave \(fromBuffer), parseJSON(Data) gave \(fromData)")
        }
        if case .success(let submission) = fromBuffer { try SubmissionPromises.check(submission) }
    }

    /// What the API answers: the submission, or the error's status and code.
    private static func answer(_ result: Result<ConsentSubmission, SubmissionError>) -> Result<ConsentSubmission, Refusal> {
        result.mapError { Refusal(status: $0.status, code: $0.code) }
    }

    private struct Refusal: Error, Equatable {
        var status: Int
        var code: String
    }
}
