import CLibFuzzer
import Foundation
import FuzzTargets

/// One binary serves every target: the target is named by PIGMENT_FUZZ_TARGET (`consent-json`,
/// `front-matter`…), so one sanitized build covers them all. The rest of the command line is libFuzzer's.
@main
enum PigmentFuzz {
    nonisolated(unsafe) static var target: FuzzTarget!

    static func main() {
        let name = ProcessInfo.processInfo.environment["PIGMENT_FUZZ_TARGET"] ?? ""
        guard let selected = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("pigment-fuzz: set PIGMENT_FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(2)
        }
        target = selected
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}

/// libFuzzer calls this with each input.
private func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    do {
        try PigmentFuzz.target.run(UnsafeRawBufferPointer(start: data, count: size))
    } catch {
        // A broken promise is a finding like a crash: libFuzzer saves the input and stops.
        fatalError("\(PigmentFuzz.target.rawValue): \(error)")
    }
    return 0
}
