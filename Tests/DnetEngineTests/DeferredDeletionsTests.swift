@testable import DnetEngine
import DnetKernel
import Foundation
import Testing

/// The daemon's deferred bridge deletions: done after the caller moved on, and waited for
/// only by a bridge of the same name.
@Suite struct DeferredDeletionsTests {
    @Test func onlyTheSameNameWaitsForAPendingDeletion() throws {
        let kernel = ModelKernel()
        for name in ["br-gone", "br-kept"] { try kernel.apply(.createBridge(BridgeSpec(name: name, up: true))) }
        // The deletion is held for a while before it reaches the kernel.
        let slow = PausingBackend(kernel, pause: 0.5, before: true) {
            if case .deleteLink("br-gone", _) = $0 { return true }
            return false
        }
        let deletions = DeferredDeletions(backend: slow)
        deletions.apply([.deleteLink(name: "br-gone", namespace: .host)])
        #expect(slow.paused.wait(timeout: .now() + 5) == .success)

        // Another name does not wait: the deletion is still held.
        deletions.waitIfPending("br-new")
        #expect(slow.resumedAt == nil)
        #expect(try kernel.links(in: .host).contains { $0.name == "br-gone" })

        // The same name waits until the bridge is gone.
        deletions.waitIfPending("br-gone")
        #expect(slow.resumedAt != nil)
        #expect(try kernel.links(in: .host).map(\.name).filter { $0.hasPrefix("br-") } == ["br-kept"])
    }
}
