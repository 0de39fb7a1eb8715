import Foundation
import Logging
import Synchronization

/// What the server knows of its storage: failures are counted each time and logged once per kind
/// until writes work again (a full disk must not write a log line per request), and `/readyz`
/// reports them so a load balancer can send visitors to a server that can record their choice.
public final class StorageHealth: Sendable {
    private struct State {
        /// Kinds failing now, with when each began.
        var failing: [StorageFailure.Kind: Date] = [:]
        var lastProbe: (at: Date, failure: StorageFailure?)?
    }

    private let state = Mutex(State())
    private let metrics: ConsentMetrics
    private let logger: Logger
    /// How long a readiness probe's answer is reused while storage is healthy (each probe is a commit).
    private let probeInterval: TimeInterval

    public init(metrics: ConsentMetrics, logger: Logger = Logger(label: "pigment.consent"), probeInterval: TimeInterval = 10) {
        self.metrics = metrics
        self.logger = logger
        self.probeInterval = probeInterval
    }

    func failed(_ failure: StorageFailure) {
        metrics.storageFailed(failure.kind)
        let isNew = state.withLock { state in
            guard state.failing[failure.kind] == nil else { return false }
            state.failing[failure.kind] = Date()
            return true
        }
        if isNew { logger.error("storage: \(failure); answering 503 until writes work again") }
    }

    func succeeded() {
        let recovered = state.withLock { state -> [StorageFailure.Kind] in
            let kinds = Array(state.failing.keys)
            state.failing = [:]
            state.lastProbe = nil
            return kinds
        }
        if !recovered.isEmpty {
            logger.notice("storage: writes work again (was: \(recovered.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
    }

    /// Nil when the log can be written now; else why not. While something is failing, each call
    /// probes again, so recovery is seen without waiting for a visitor's choice to succeed.
    func readiness(_ store: any ConsentStore, now: Date = Date()) async -> StorageFailure? {
        let (failing, cached) = state.withLock { state in
            (!state.failing.isEmpty, state.lastProbe.flatMap { now.timeIntervalSince($0.at) < probeInterval ? $0 : nil })
        }
        if !failing, let cached { return cached.failure }
        var failure: StorageFailure?
        do {
            try await store.checkWritable()
        } catch let error as StorageFailure {
            failure = error
        } catch {
            failure = StorageFailure(kind: .unavailable, underlying: "\(error)")
        }
        state.withLock { $0.lastProbe = (now, failure) }
        if let failure { self.failed(failure) } else { succeeded() }
        return failure
    }
}
