import DnetKernel

/// Brings the kernel in line with the state at engine start: a link marked as dnet's that
/// no network accounts for is removed; a bridge of a known network that is missing is
/// re-created (with its addresses), one that lost an address or its up state gets them
/// back; unmarked links are never touched, whatever their name.
///
/// It runs inside the start transaction, before the predefined networks are checked, so it
/// holds the store's write lock: no other dnet process can be half-way through making
/// something it would mistake for a leftover (a command holds the lock across its kernel
/// steps), and a stale marked `dnet0` is gone before a new one is made.
struct Reconciler {
    let engine: Engine
    let transaction: StoreTransaction
    let plan: KernelPlan

    func run() throws {
        let networks = try transaction.networks()
        let links = try engine.backend.links(in: .host)
        let known = Set(networks.map { engine.mark($0.id) })
        for link in links where link.kind == "bridge" {
            // Only this data root's marks: another data root's links are its own business.
            guard let mark = link.alias, mark.hasPrefix(engine.markPrefix), !known.contains(mark) else { continue }
            try plan.deleteStray(.deleteLink(name: link.name, namespace: .host))
        }

        let byName = Dictionary(links.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for network in networks where !network.isExternalBridge {
            guard let name = network.bridgeName else { continue }
            guard let link = byName[name] else {
                try engine.createBridge(for: network, plan: plan)
                continue
            }
            guard link.alias == engine.mark(network.id) else { continue } // someone else's device of that name
            for prefix in network.gatewayPrefixes where !link.addresses.contains(prefix) {
                try plan.apply(.addAddress(prefix, link: name, namespace: .host))
            }
            if !link.isUp { try plan.apply(.setLinkUp(name: name, up: true, namespace: .host)) }
        }
        // The veths are as listed: nothing above makes or deletes one.
        try ContainerReconciler(engine: engine, transaction: transaction, plan: plan).run(hostLinks: links)
    }
}
