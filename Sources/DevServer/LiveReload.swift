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

    /// Reloads when a build changed this page or any asset (or after errors). On a failed build it shows
    /// a panel over the last good page: each error with its excerpt and caret as the terminal prints
    /// them, its file path to copy, and a Hide button (or Escape) that keeps it away until the next build.
    /// Its look is its own (inline styles): the site's stylesheet must neither reach it nor be needed.
    static let script = #"""
        (function () {
          'use strict';
          var panel = null, list = null;
          var css = {
            panel: 'position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:2147483647;max-width:60rem;margin:0 auto;' +
              'max-height:min(70vh,40rem);overflow:auto;box-sizing:border-box;padding:1rem 1.25rem;border-radius:12px;' +
              'background:#1e1b25;color:#ede9f2;border:2px solid #f08fa8;box-shadow:0 12px 40px rgba(0,0,0,.45);' +
              'font:14px/1.5 system-ui,sans-serif;text-align:left',
            head: 'display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;margin:0 0 .75rem',
            title: 'margin:0;font:700 1rem/1.3 system-ui,sans-serif;color:#fff',
            button: 'font:inherit;font-weight:600;padding:.35rem .9rem;border-radius:999px;cursor:pointer;' +
              'border:1px solid #a8b0ff;background:transparent;color:#c5cbff',
            item: 'margin:0 0 .75rem;padding:.75rem;border-radius:8px;background:#15131a',
            where: 'display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0 0 .4rem',
            path: 'font:13px/1.4 ui-monospace,monospace;color:#f08fa8;overflow-wrap:anywhere;user-select:all',
            // Unwrapped, scrolling in its own box: wrapping would move the caret off its column.
            pre: 'margin:0;font:13px/1.45 ui-monospace,monospace;white-space:pre;overflow-x:auto;color:#ede9f2'
          };
          function element(tag, style, text) {
            var node = document.createElement(tag);
            if (style) node.style.cssText = style;
            if (text != null) node.textContent = text;
            return node;
          }
          function hide() { if (panel) panel.hidden = true; }
          function build() {
            panel = element('section', css.panel);
            panel.id = 'pigment-build-errors';
            panel.setAttribute('role', 'alert');
            panel.setAttribute('aria-labelledby', 'pigment-build-errors-title');
            var head = element('div', css.head);
            var title = element('h2', css.title, 'Build failed: the page below is the last good build');
            title.id = 'pigment-build-errors-title';
            var close = element('button', css.button, 'Hide');
            close.type = 'button';
            close.setAttribute('aria-keyshortcuts', 'Escape');
            close.addEventListener('click', hide);
            head.append(title, close);
            list = element('div');
            panel.append(head, list);
            document.body.appendChild(panel);
          }
          /** One error as the terminal prints it: `path:line:col: error: message`, then the excerpt and caret. */
          function item(text) {
            var box = element('article', css.item);
            var first = text.split('\n')[0];
            var located = /^(.+?):(\d+)(?::(\d+))?: /.exec(first);
            if (located) {
              var where = element('p', css.where);
              var path = element('code', css.path, located[1] + ':' + located[2] + (located[3] ? ':' + located[3] : ''));
              path.className = 'pigment-error-path';
              where.append(path);
              if (navigator.clipboard) {
                var copy = element('button', css.button, 'Copy path');
                copy.type = 'button';
                copy.addEventListener('click', function () {
                  navigator.clipboard.writeText(path.textContent).then(function () { copy.textContent = 'Copied'; }, function () {});
                });
                where.append(copy);
              }
              box.append(where);
            }
            box.append(element('pre', css.pre, located ? text.slice(located[0].length) : text));
            return box;
          }
          function show(errors) {
            if (!panel) build();
            list.textContent = '';
            errors.forEach(function (text) { list.appendChild(item(text)); });
            panel.hidden = false;
          }
          document.addEventListener('keydown', function (event) {
            if (event.key === 'Escape' && panel && !panel.hidden) hide();
          });
          var page = location.pathname.replace(/^\//, '').replace(/(^|\/)$/, '$1index.html');
          var events = new EventSource('/_pigment/events');
          events.addEventListener('reload', function (event) {
            var changed = JSON.parse(event.data).changed;
            var affected = changed.some(function (file) { return file === page || !/\.html$/.test(file); });
            if (panel || affected) location.reload();
          });
          events.addEventListener('failed', function (event) { show(JSON.parse(event.data).errors); });
        })();
        """#
}
