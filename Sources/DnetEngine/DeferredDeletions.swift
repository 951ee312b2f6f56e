import Foundation
import DnetKernel

/// Link deletions a command need not wait for. Unregistering a bridge costs the kernel some
/// 30 ms of grace periods; the daemon answers `network rm` once the change is committed (the
/// bridge already down) and deletes it on a thread of its own, through a backend (netlink
/// socket) of its own. A bridge is not made under a name whose deletion is pending
/// (`waitIfPending`), so a name freed a moment ago can be taken again; a deletion that fails
/// is reported on stderr, and the next start's reconcile removes the marked link it left.
final class DeferredDeletions {
    private let queue = DispatchQueue(label: "dnet.deferred-deletions")
    private let backend: KernelBackend
    private let lock = NSLock()
    private var pending: [String: Int] = [:]

    init(backend: KernelBackend) { self.backend = backend }

    func apply(_ steps: [KernelStep]) {
        for step in steps {
            let name = Self.linkName(step)
            if let name { lock.withLock { pending[name, default: 0] += 1 } }
            queue.async { [backend] in
                do { try backend.apply(step) } catch {
                    FileHandle.standardError.write(Data("dnet: warning: \(error) (the next start removes it)\n".utf8))
                }
                if let name { self.lock.withLock { self.pending[name] = self.pending[name].flatMap { $0 > 1 ? $0 - 1 : nil } } }
            }
        }
    }

    /// Returns once a pending deletion of link `name`, if any, is done.
    func waitIfPending(_ name: String) {
        if lock.withLock({ pending[name] != nil }) { waitForAll() }
    }

    /// Returns once every deletion asked for so far is done.
    func waitForAll() { queue.sync {} }

    private static func linkName(_ step: KernelStep) -> String? {
        if case .deleteLink(let name, _) = step { return name }
        return nil
    }
}
