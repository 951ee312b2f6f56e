import Foundation
import DnetCommandKit
import DnetEngine

/// How a program enters a container, for `exec` and the main process: its network and UTS
/// namespaces and its name files bound over `/etc` (as `ip netns exec` binds them).
struct ContainerEntry {
    let namespaces: ProcessRunner.Namespaces
    private let descriptors: [Int32]

    /// Opens the container's namespaces; `close()` releases them once the program started.
    init(_ container: ContainerDetails, engine: Engine) throws {
        // `--net container:X` enters X's namespaces and name files.
        let details = try container.container.netContainerID.map { id in
            try CommandSupport.engineCall { try engine.container(id) }
        } ?? container
        let binds = engine.nameFilesRoot.map { root in
            ["hosts", "resolv.conf"].map { (source: "\(root)/\(details.container.namespace)/\($0)", target: "/etc/\($0)") }
                .filter { FileManager.default.fileExists(atPath: $0.source) && FileManager.default.fileExists(atPath: $0.target) }
        } ?? []
        // `--net host`: the program stays in dnet's own network namespace, with the
        // container's host name and its copies of the host's files (Docker's) over /etc.
        guard details.container.ownsNamespace else {
            let uts = open(engine.utsNamespacePath(details.container), O_RDONLY | O_CLOEXEC)
            namespaces = ProcessRunner.Namespaces(uts: uts >= 0 ? uts : nil, binds: binds)
            descriptors = uts >= 0 ? [uts] : []
            return
        }
        let path = ContainerViews.namespacePath(details.container)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CommandFailure("cannot enter the network namespace of \(details.container.name) (\(path)): \(String(cString: strerror(errno)))", status: 126)
        }
        // Its host name; a container made before dnet kept one has none.
        let uts = open(engine.utsNamespacePath(details.container), O_RDONLY | O_CLOEXEC)
        namespaces = ProcessRunner.Namespaces(net: fd, uts: uts >= 0 ? uts : nil, binds: binds)
        descriptors = uts >= 0 ? [fd, uts] : [fd]
    }

    func close() { for fd in descriptors { _ = Foundation.close(fd) } }
}
