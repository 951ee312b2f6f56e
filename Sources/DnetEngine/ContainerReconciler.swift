import Foundation
import DnetKernel

/// Brings the containers' kernel side in line with the state at engine start; meant to run
/// inside the start transaction right after `Reconciler` (which makes the bridges the veths
/// join). A veth marked as dnet's that no endpoint accounts for (left by a crash between its
/// kernel step and the commit) is deleted; a container whose namespace is gone (a reboot
/// empties /run/netns) or whose veth is gone is made again, with the same addresses, MACs
/// and interface names. Unmarked links are never touched. A UTS namespace under
/// /run/dnet/uts that no container accounts for is deleted, a missing one made again; lost
/// name files are written again.
///
/// A namespace that a crash left between `createNamespace` and the commit carries no mark;
/// the creation journal names it, and it goes with its UTS namespace and name files.
struct ContainerReconciler {
    let engine: Engine
    let transaction: StoreTransaction
    let plan: KernelPlan

    /// `hostLinks`: the host's links, listed by the caller.
    func run(hostLinks: [LinkInfo]) throws {
        try removeUnfinishedCreations()
        let known = Set(try transaction.all(EndpointRecord.self).map { engine.mark($0.id) })
        for link in hostLinks where link.kind == "veth" {
            guard let mark = link.alias, mark.hasPrefix(engine.markPrefix), !known.contains(mark) else { continue }
            try plan.deleteStray(.deleteLink(name: link.name, namespace: .host))
        }

        // /run/dnet/uts is dnet's alone: a UTS namespace no container accounts for is a
        // crash's leftover.
        let containers = try transaction.all(ContainerRecord.self)
        if engine.persist {
            let names = Set(containers.filter(\.ownsUTSNamespace).map(\.namespace))
            let present = Set((try? FileManager.default.contentsOfDirectory(atPath: UTSNamespaceDirectory.standard.path)) ?? [])
            for name in present.sorted() where !names.contains(name) {
                try plan.apply(.deleteUTSNamespace(name: name))
            }
            // A reboot empties /run/dnet/uts.
            for container in containers where container.ownsUTSNamespace && !present.contains(container.namespace) {
                try plan.apply(.createUTSNamespace(name: container.namespace, hostname: container.hostname))
            }
        }
        let namespaces = Set(try engine.backend.namespaces())
        let present = Set(hostLinks.map(\.name))
        // A container sharing another's namespace has nothing in the kernel of its own.
        for container in containers where container.ownsNamespace {
            let details = try transaction.details(of: container)
            // Name files lost (or never written by a dnet that had none) are written again.
            try engine.writeNameFiles(details, transaction: transaction, plan: plan, onlyIfMissing: true)
            let gateway = Engine.gatewayNetwork(details.attachments)
            let hasNamespace = namespaces.contains(container.namespace)
            if !hasNamespace {
                try plan.apply(.createNamespace(name: container.namespace, disableIPv6: container.ipv6DisabledByDefault))
            }
            for attachment in details.attachments where attachment.endpoint.interfaceName != nil {
                // In a namespace that survived, a veth with its host end and a macvlan are whole.
                if hasNamespace && attachment.endpoint.hostInterface.map(present.contains) ?? true { continue }
                try plan.apply(try engine.joinStep(container, attachment.endpoint, attachment.network,
                                                   isGateway: attachment.network.id == gateway?.id))
            }
            // A namespace made again gets its `--sysctl` settings again, once its interfaces exist.
            if !hasNamespace { try engine.writeSysctls(container, plan: plan) }
        }
    }

    /// Namespaces written down by commands that never finished, and that no container owns.
    private func removeUnfinishedCreations() throws {
        guard engine.persist else { return }
        let journal = CreationJournal(dataRoot: engine.dataRoot)
        let entries = journal.entries()
        guard !entries.isEmpty else { return }
        for name in entries where try transaction.all(ContainerRecord.self, indexedBy: name).isEmpty {
            if try engine.backend.namespaceExists(name) {
                try plan.apply(.deleteNamespace(name: name), undo: nil)
            }
            if FileManager.default.fileExists(atPath: UTSNamespaceDirectory.standard.path(of: name)) {
                try plan.apply(.deleteUTSNamespace(name: name), undo: nil)
            }
            if let root = engine.nameFilesRoot { try NameFilesFolder(root: root).remove(name) }
        }
        plan.strikeOnCommit(entries)
    }
}
