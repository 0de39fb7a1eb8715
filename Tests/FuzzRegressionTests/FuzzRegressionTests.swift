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

    /// The analytics events' parser also gets a fixed series of mutated seeds on every test run (a
    /// byte changed, inserted, removed, a seed's slice spliced in; one seed of the generator, so every
    /// run sees the same inputs): cheap, and it reaches past the seeds without `make fuzz`.
    @Test func mutatedPageEventSeedsKeepThePromises() throws {
        let seeds = try Self.inputs(in: "seeds", for: .pageEvent).map { Array($0.data) }
        var random = SplitMix64(seed: 16)
        let alphabet = Array(#"{}[]":,\/?#. -_azAZ09"#.utf8) + [0, 0x7F, 0xC3, 0xA9, 0xFF]
        for round in 0..<5_000 {
            var bytes = seeds[Int(random.next() % UInt64(seeds.count))]
            for _ in 0...(random.next() % 4) {
                let at = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
                let byte = random.next() % 3 == 0 ? UInt8(truncatingIfNeeded: random.next()) : alphabet[Int(random.next() % UInt64(alphabet.count))]
                switch random.next() % 4 {
                case 0 where !bytes.isEmpty: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                case 2 where !bytes.isEmpty: bytes.remove(at: at)
                default:
                    let other = seeds[Int(random.next() % UInt64(seeds.count))]
                    let start = Int(random.next() % UInt64(other.count + 1))
                    bytes.insert(contentsOf: other[start..<min(other.count, start + Int(random.next() % 24))], at: at)
                }
            }
            do {
                try FuzzTarget.pageEvent.run(Data(bytes))
            } catch {
                Issue.record("page-event, mutation \(round) (\(String(decoding: bytes, as: UTF8.self).debugDescription)): \(error)")
            }
        }
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

/// A small fixed-seed generator (SplitMix64), so the mutated inputs are the same on every run and machine.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
