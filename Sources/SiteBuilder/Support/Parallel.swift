import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// Maps the elements on every core. Results keep the input order, so output stays deterministic.
    func parallelMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        guard count > 1 else { return map(transform) }
        let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        nonisolated(unsafe) let output = slots
        // Chunks amortise the dispatch cost over many small pages.
        let chunkSize = Swift.max(1, count / (ProcessInfo.activeCores * 8))
        let chunks = (count + chunkSize - 1) / chunkSize
        self.withUnsafeBufferPointer { input in
            nonisolated(unsafe) let input = input
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = chunk * chunkSize
                for index in start..<Swift.min(start + chunkSize, input.count) {
                    output[index] = transform(input[index])
                }
            }
        }
        return slots.map { $0! }
    }
}

private extension ProcessInfo {
    static let activeCores = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)
}
