import ConsentServer
import Foundation

/// The no-JavaScript form body (`analytics=on&action=save&return=/cookie-settings/`). An accepted
/// one must keep the submission's promises, and its redirect must stay on this site.
enum ConsentFormTarget {
    static func run(_ bytes: UnsafeRawBufferPointer) throws(FuzzFailure) {
        guard let (submission, returnPath, _) = try? SubmissionPromises.parser.parseForm(Data(bytes)) else { return }
        try SubmissionPromises.check(submission)
        try SubmissionPromises.checkSameSite(returnPath)
    }
}
