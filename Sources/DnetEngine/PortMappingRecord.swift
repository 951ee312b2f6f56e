import Glibc

/// A published port as the firewall maps it: one host address and port for one container
/// port, fixed when the container is made (a free port from 32768-60999 where `-P` or
/// `-p CPORT` leave the choice to the engine, as Docker's ephemeral range).
public struct PortMappingRecord: StoredRecord, Equatable {
    public static let kind = "port"
    /// `<container id>/<container port>/<binding index>` (`/P` for `-P`): derived from the
    /// container's record, so its mappings are found without a search.
    public var id: String
    public var containerID: String
    /// `80/tcp`.
    public var containerPort: String
    /// Empty: every address of the host.
    public var hostIP: String
    public var hostPort: Int

    /// Indexed by `tcp/8080`: who holds a host port.
    public static func indexKey(_ record: PortMappingRecord) -> String? {
        "\(split(record.containerPort).proto)/\(record.hostPort)"
    }

    static let ephemeral = 32768...60999

    /// `80/tcp` → (80, tcp).
    static func split(_ port: String) -> (port: String, proto: String) {
        let parts = port.split(separator: "/", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "tcp")
    }

    /// The ids of a container's mappings, with the binding each stands for (`-P` ports
    /// that have no binding of their own bind every address to an engine-chosen port).
    static func planned(for container: ContainerRecord) -> [(id: String, port: String, binding: PortBinding)] {
        guard !container.isHostNetwork, container.netContainerID == nil else { return [] }
        var planned: [(String, String, PortBinding)] = []
        for port in container.portBindings.keys.sorted() {
            for (i, binding) in container.portBindings[port]!.enumerated() {
                planned.append(("\(container.id)/\(port)/\(i)", port, binding))
            }
        }
        if container.publishAllPorts {
            for port in container.exposedPorts.sorted() where container.portBindings[port] == nil {
                planned.append(("\(container.id)/\(port)/P", port, PortBinding(hostIP: "", hostPort: "")))
            }
        }
        return planned
    }

    /// Why the host cannot take the port, as Docker's userland proxy would find out by
    /// binding it: "address already in use" (a process of the host holds it), "cannot assign
    /// requested address" (no such local address); nil when it can.
    static func bindProblem(_ proto: String, ip: String, port: Int) -> String? {
        let fd = socket(AF_INET, Int32(proto == "udp" ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        if !ip.isEmpty, ip != "0.0.0.0" {
            guard inet_pton(AF_INET, ip, &address.sin_addr) == 1 else { return nil }
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result != 0, errno == EADDRINUSE || errno == EADDRNOTAVAIL else { return nil }
        return errno == EADDRINUSE ? "address already in use" : "cannot assign requested address"
    }
}
