import Foundation
import Hummingbird
import ServiceLifecycle
import Synchronization

/// The writer's live preview: `pigment serve` tells open tabs over Server-Sent Events when a
/// rebuild succeeded (they reload) or failed (they show the errors over the last good page).
/// Mounted only by `serve`; nothing of it is ever written into the built site.
public final class LiveReload: Sendable {
    /// What the last build said: open tabs and tabs that connect later see the same state.
    public enum BuildState: Sendable, Equatable {
        /// With the output files that changed (`about/index.html`, `css/site.css`).
        case succeeded(changed: [String])
        /// Each error as the terminal shows it: `Content/x.md:3:5: error: …`, its source line and a caret.
        case failed([String])
    }

    private struct State {
        var subscribers: [UUID: AsyncStream<String>.Continuation] = [:]
        var last: BuildState = .succeeded(changed: [])
        /// Whether a build of this session has succeeded: before that, the output may hold nothing to show.
        var hadGoodBuild = false
    }

    /// Taken only for a few assignments, never across an await.
    private let state = Mutex(State())

    public init() {}

    /// A rebuild finished: every tab reloads, or shows the errors.
    public func publish(_ result: BuildState) {
        let event = Self.event(for: result)
        let subscribers = state.withLock { state in
            state.last = result
            if case .succeeded = result { state.hadGoodBuild = true }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.yield(event) }
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// The errors of the session's builds while none has succeeded yet (nil once one has): a page that
    /// is missing then is missing because of them, and the writer should see them, not a blank 404.
    var errorsBeforeAGoodBuild: [String]? {
        state.withLock { state in
            guard !state.hadGoodBuild, case .failed(let lines) = state.last else { return nil }
            return lines
        }
    }

    /// `event: reload` with the changed files, or `event: failed` with the errors as the terminal shows them.
    static func event(for result: BuildState) -> String {
        let (name, object): (String, [String: [String]]) = switch result {
        case .succeeded(let changed): ("reload", ["changed": changed])
        case .failed(let lines): ("failed", ["errors": lines])
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data("{}".utf8)
        return "event: \(name)\ndata: \(String(decoding: data, as: UTF8.self))\n\n"
    }

    /// One tab's stream: the current state first (a tab opened during a broken build shows the overlay).
    func subscribe() -> AsyncStream<String> {
        let id = UUID()
        return AsyncStream { continuation in
            let current = state.withLock { state in
                state.subscribers[id] = continuation
                return state.last
            }
            continuation.yield(": connected\n\n")
            if case .failed = current { continuation.yield(Self.event(for: current)) }
            continuation.onTermination = { [weak self] _ in
                _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
            }
        }
    }

    func add<Context: RequestContext>(to router: Router<Context>) {
        router.get("_pigment/events") { _, _ in
            // Ends with the server: an open tab must not hold up Ctrl-C.
            let stream = self.subscribe().cancelOnGracefulShutdown().map { ByteBuffer(string: $0) }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                            body: ResponseBody(asyncSequence: stream))
        }
        router.get("_pigment/live.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: Self.script)))
        }
    }

    /// Injected into every HTML page `serve` answers with (never into `_site`).
    static let scriptTag = "<script src=\"/_pigment/live.js\"></script>"

    /// Reloads when a build changed this page or any asset (or after errors); on a failed build, lays the
    /// errors over the last good page until a build succeeds.
    static let script = #"""
        (function () {
          'use strict';
          var overlay = null;
          function show(errors) {
            if (!overlay) {
              overlay = document.createElement('div');
              overlay.id = 'pigment-build-errors';
              overlay.setAttribute('role', 'alert');
              overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;' +
                'background:rgba(20,16,24,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap';
              document.body.appendChild(overlay);
            }
            overlay.textContent = 'Build failed: the page below is the last good build.\n\n' + errors.join('\n');
          }
          var page = location.pathname.replace(/^\//, '').replace(/(^|\/)$/, '$1index.html');
          var events = new EventSource('/_pigment/events');
          events.addEventListener('reload', function (event) {
            var changed = JSON.parse(event.data).changed;
            var affected = changed.some(function (file) { return file === page || !/\.html$/.test(file); });
            if (overlay || affected) location.reload();
          });
          events.addEventListener('failed', function (event) { show(JSON.parse(event.data).errors); });
        })();
        """#
}
