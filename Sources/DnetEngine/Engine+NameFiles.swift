import Foundation
import DnetIPAM
import DnetKernel

extension Engine {
    /// Checks `run`'s name options as Docker does and resolves its links; the container
    /// record takes them.
    static func applyNameOptions(_ request: ContainerRunRequest, to container: inout ContainerRecord,
                                 containers: [ContainerRecord], onDefaultBridge: Bool) throws {
        for server in request.dns where IPAddress(server) == nil {
            throw EngineError.invalid("\(server) is not an ip address")
        }
        for domain in request.dnsSearch where !EngineSettings.isValidSearchDomain(domain) {
            throw EngineError.invalid("\(domain) is not a valid domain")
        }
        for entry in request.extraHosts {
            let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw EngineError.invalid("bad format for add-host: \"\(entry)\"")
            }
            if parts[1] != "host-gateway" && IPAddress(String(parts[1])) == nil {
                throw EngineError.invalid("invalid IP address in add-host: \"\(parts[1])\"")
            }
        }
        if let domainname = request.domainname, !domainname.isEmpty, !isValidHostname(domainname) {
            throw EngineError.invalid("invalid domainname format: \(domainname)")
        }
        for value in request.links {
            guard !value.isEmpty else { throw EngineError.invalid("empty string specified for links") }
            let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2, !parts[0].isEmpty else { throw EngineError.invalid("bad format for links: \(value)") }
            let name = parts[0].hasPrefix("/") ? String(parts[0].dropFirst()) : parts[0]
            let alias = parts.count == 2 && !parts[1].isEmpty ? parts[1] : name
            guard let target = try? lookupContainer(name, in: containers) else {
                // On user-defined networks Docker accepts a link to a container that is not
                // there (its embedded DNS resolves the alias once it is).
                if onDefaultBridge { throw EngineError.invalid("Could not get container for \(name)") }
                continue
            }
            container.links.append(ContainerLink(containerID: target.id, name: target.name, alias: alias))
        }
        container.domainname = request.domainname ?? ""
        container.dns = request.dns
        container.dnsSearch = request.dnsSearch
        container.dnsOptions = request.dnsOptions
        container.extraHosts = request.extraHosts
    }

    /// The host's hosts file, which `--net host` containers without `--add-host` take a copy of.
    static let hostHosts = "/etc/hosts"

    /// The container's name files as they should be now.
    func nameFiles(for details: ContainerDetails, transaction: StoreTransaction) throws -> NameFiles {
        let container = details.container
        let dns = container.dns.isEmpty ? settings.dns : container.dns
        let dnsSearch = container.dnsSearch.isEmpty ? settings.dnsSearch : container.dnsSearch
        let hostResolv = (try? String(contentsOfFile: hostResolvConf, encoding: .utf8)) ?? ""
        let networks = try transaction.networks()
        let bridgeGateway = networks.first(where: \.isDefaultBridge)?.addresses.gateway(.ipv4)
        let extraHosts = try container.extraHosts.map { entry -> (name: String, address: String) in
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts[1] == "host-gateway" else { return (parts[0], parts[1]) }
            guard let gateway = bridgeGateway else {
                throw EngineError.invalid("unable to derive the IP value for host-gateway")
            }
            return (parts[0], gateway.description)
        }
        // `--net host`, as Docker's default sandbox: copies of the host's files, unless
        // `--add-host` or DNS options (the container's or the engine's) ask for others.
        if container.isHostNetwork {
            let hosts = extraHosts.isEmpty
                ? (try? String(contentsOfFile: Self.hostHosts, encoding: .utf8)) ?? NameFiles.localhostBlock
                : NameFiles.hosts(extraHosts: extraHosts, links: [], ownAddresses: [], hostname: container.hostname,
                                  domainname: container.domainname)
            let useHost = dns.isEmpty && dnsSearch.isEmpty && container.dnsOptions.isEmpty
            let resolv = useHost ? hostResolv
                : NameFiles.resolvConf(dns: dns, search: dnsSearch, options: container.dnsOptions, host: hostResolv)
            return NameFiles(hosts: hosts, resolvConf: resolv)
        }
        var links: [(address: String, names: [String])] = []
        let onDefaultBridge = details.attachments.contains { $0.network.isDefaultBridge }
        if onDefaultBridge && !container.links.isEmpty {
            for link in container.links {
                guard let target = try transaction.get(ContainerRecord.self, link.containerID) else { continue }
                let endpoint = try transaction.details(of: target).attachments.first { $0.network.isDefaultBridge }?.endpoint
                guard let address = endpoint?.ipv4?.address else { continue }
                var names = [link.alias, target.hostname]
                if link.alias != target.name { names.append(target.name) }
                links.append((address.description, names))
            }
        }
        // Per endpoint, its IPv4 then its IPv6 address (transcript 09).
        let own = details.attachments.flatMap { [$0.endpoint.ipv4, $0.endpoint.ipv6].compactMap { $0?.address.description } }
        let hosts = NameFiles.hosts(extraHosts: extraHosts, links: links, ownAddresses: own,
                                    hostname: container.hostname, domainname: container.domainname)
        var resolv = NameFiles.resolvConf(dns: dns, search: dnsSearch, options: container.dnsOptions, host: hostResolv)
        // On a user-defined network the embedded DNS server answers (Engine+DNS.swift).
        if Self.usesEmbeddedDNS(details) { resolv = NameFiles.embeddedDNSResolvConf(resolv) }
        return NameFiles(hosts: hosts, resolvConf: resolv)
    }

    /// Where the container's UTS namespace (its host name) is bound.
    public func utsNamespacePath(_ container: ContainerRecord) -> String {
        UTSNamespaceDirectory.standard.path(of: container.namespace)
    }

    /// Writes the container's name files; a failed command puts back what was there.
    /// `onlyIfMissing`: leaves files that are there as they are (a restart's check costs one
    /// look per container).
    func writeNameFiles(_ details: ContainerDetails, transaction: StoreTransaction, plan: KernelPlan,
                        onlyIfMissing: Bool = false) throws {
        guard let root = nameFilesRoot, details.container.hasNameFiles else { return }
        let folder = NameFilesFolder(root: root)
        let name = details.container.namespace
        if onlyIfMissing && folder.isComplete(name) { return }
        let files = try nameFiles(for: details, transaction: transaction)
        let previous = folder.read(name)
        if previous == files { return }
        try folder.write(files, for: name)
        plan.onUndo {
            if let previous { try folder.write(previous, for: name) } else { try folder.remove(name) }
        }
    }

    /// Removes the container's name files; a failed command puts them back.
    func removeNameFiles(_ container: ContainerRecord, plan: KernelPlan) throws {
        guard let root = nameFilesRoot, container.hasNameFiles else { return }
        let folder = NameFilesFolder(root: root)
        let name = container.namespace
        let previous = folder.read(name)
        try folder.remove(name)
        if let previous { plan.onUndo { try folder.write(previous, for: name) } }
    }
}
