import Foundation
import Synchronization

/// One signed-in browser: its cookie's id, the CSRF token its forms carry, and when it ends.
struct AdminSession: Sendable, Equatable {
    let id: String
    let csrfToken: String
    let expires: Date
}

/// The dashboard's sessions, in memory only: a restart signs everyone out, which costs an admin one
/// login and keeps no secret on disk. Bounded, so a stream of logins cannot exhaust memory.
final class AdminSessions: Sendable {
    static let lifetime: TimeInterval = 12 * 3600
    let lifetime: TimeInterval
    private let maximumCount: Int
    private let sessions = Mutex<[String: AdminSession]>([:])

    init(lifetime: TimeInterval = AdminSessions.lifetime, maximumCount: Int = 64) {
        self.lifetime = lifetime
        self.maximumCount = maximumCount
    }

    func start(now: Date) -> AdminSession {
        let session = AdminSession(id: RandomToken.make(), csrfToken: RandomToken.make(), expires: now.addingTimeInterval(lifetime))
        sessions.withLock { sessions in
            if sessions.count >= maximumCount {
                sessions = sessions.filter { $0.value.expires > now }
                // Still full: the session closest to its end makes room.
                while sessions.count >= maximumCount, let oldest = sessions.min(by: { $0.value.expires < $1.value.expires }) {
                    sessions[oldest.key] = nil
                }
            }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session with this id; an expired one is forgotten on the way.
    func session(_ id: String?, now: Date) -> AdminSession? {
        guard let id, !id.isEmpty else { return nil }
        return sessions.withLock { sessions in
            // The dictionary finds the entry by hash; the id is compared again in constant time.
            guard let session = sessions[id], ConstantTime.equal(session.id, id) else { return nil }
            guard session.expires > now else { sessions[id] = nil; return nil }
            return session
        }
    }

    func end(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    var count: Int { sessions.withLock { $0.count } }
}
