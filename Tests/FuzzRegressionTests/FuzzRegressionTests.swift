import Foundation
import FuzzTargets
import Testing

/// Every committed fuzz seed (`Fuzzing/seeds/<target>/`) and every input a fuzzer once crashed or hung on
/// (`Fuzzing/regressions/<target>/`) goes through the same entry function libFuzzer calls, so a finding
/// fixed once stays fixed. A crash takes the test process down with it, which fails the run too.
@Suite("Fuzz seeds and regressions")
struct FuzzRegressionTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzzing")

    /// Slower than this for one input counts as a hang (`make fuzz` gives libFuzzer `-timeout=10`).
    static let hangSeconds = 10.0

    @Test(arguments: FuzzTarget.allCases)
    func everySeedRunsCleanly(_ target: FuzzTarget) throws {
        let inputs = try Self.inputs(in: "seeds", for: target)
        #expect(inputs.count >= 5, "Fuzzing/seeds/\(target.rawValue)/ holds only \(inputs.count) seeds")
        try Self.runAll(inputs, through: target)
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyRegressionInputRunsCleanly(_ target: FuzzTarget) throws {
        // A target without findings yet has no folder; those that have one must not be empty.
        let folder = Self.fuzzFolder.appendingPathComponent("regressions/\(target.rawValue)")
        guard FileManager.default.fileExists(atPath: folder.path) else { return }
        let inputs = try Self.inputs(in: "regressions", for: target)
        #expect(!inputs.isEmpty, "Fuzzing/regressions/\(target.rawValue)/ is empty")
        try Self.runAll(inputs, through: target)
    }

    /// Each committed target has a seed folder, and no folder names a target that does not exist.
    @Test func seedFoldersMatchTheTargets() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fuzzFolder.appendingPathComponent("seeds").path)
        #expect(Set(names) == Set(FuzzTarget.allCases.map(\.rawValue)))
    }

    static func inputs(in kind: String, for target: FuzzTarget) throws -> [(name: String, data: Data)] {
        let folder = fuzzFolder.appendingPathComponent("\(kind)/\(target.rawValue)")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .filter { !$0.hasPrefix(".") }
            .map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    static func runAll(_ inputs: [(name: String, data: Data)], through target: FuzzTarget) throws {
        for (name, data) in inputs {
            let start = ContinuousClock.now
            do {
                try target.run(data)
            } catch {
                Issue.record("\(target.rawValue)/\(name): \(error)")
            }
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            #expect(seconds < hangSeconds, "\(target.rawValue)/\(name) took \(seconds) s")
        }
    }
}
