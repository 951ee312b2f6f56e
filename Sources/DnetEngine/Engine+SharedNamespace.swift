extension Engine {
    /// `run --net container:OWNER`: a container in OWNER's network and UTS namespaces, with
    /// OWNER's host name and name files and no interface of its own.
    func runSharingContainer(_ request: ContainerRunRequest, owner reference: String) throws -> ContainerDetails {
        // Docker's checks, in its order.
        if request.hostname != nil { throw EngineError.invalid("conflicting options: hostname and the network mode") }
        if !request.publish.isEmpty || request.publishAll {
            throw EngineError.invalid("conflicting options: port publishing and the container type network mode")
        }
        if !request.dns.isEmpty || !request.dnsSearch.isEmpty || !request.dnsOptions.isEmpty {
            throw EngineError.invalid("conflicting options: dns and the network mode")
        }
        if !request.extraHosts.isEmpty {
            throw EngineError.invalid("conflicting options: custom host-to-IP mapping and the network mode")
        }
        if request.macAddress != nil { throw EngineError.invalid("conflicting options: mac-address and the network mode") }
        if !request.links.isEmpty { throw EngineError.invalid("conflicting options: container type network can't be used with links. This would result in undefined behavior") }
        if request.ipv4 != nil || request.ipv6 != nil || !request.aliases.isEmpty {
            throw EngineError.invalid("conflicting options: --ip, --ip6 and --network-alias need a network of the container's own, not --net container:\(reference)")
        }
        if let name = request.name, !NetworkName.isValid(name) {
            throw EngineError.invalid("Invalid container name (\(name)), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        }
        try ensureStarted()
        return try transact { transaction, _ in
            let containers = try transaction.all(ContainerRecord.self)
            var owner = try Self.lookupContainer(reference, in: containers)
            // Sharing a sharer shares its owner's namespace.
            if let first = owner.netContainerID, let root = containers.first(where: { $0.id == first }) { owner = root }
            let name = try request.name ?? freeName(transaction)
            if let other = containers.first(where: { $0.name == name }) {
                throw EngineError.conflict("Conflict. The container name \"/\(name)\" is already in use by container \"\(other.id)\". You have to remove (or rename) that container to be able to reuse that name.")
            }
            let id = Identifiers.randomID()
            var container = ContainerRecord(id: id, name: name, hostname: owner.hostname, created: Identifiers.now(),
                                            networkMode: "container:\(owner.id)", labels: request.labels,
                                            ipv6DisabledByDefault: owner.ipv6DisabledByDefault)
            container.netContainerID = owner.id
            container.domainname = owner.domainname
            container.exposedPorts = try PortSpecs.parse(publish: [], expose: request.expose).exposed.sorted()
            container.command = request.command.isEmpty ? nil : request.command
            try transaction.put(container)
            return ContainerDetails(container: container, attachments: [])
        }
    }
}
