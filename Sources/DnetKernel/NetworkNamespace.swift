/// Where a kernel object lives: the namespace dnet itself runs in, or a named network
/// namespace as iproute2 makes it (`/run/netns/NAME`, visible to `ip netns`).
public enum NetworkNamespace: Hashable, Sendable, CustomStringConvertible {
    /// The network namespace of the dnet process ("the host").
    case host
    /// A named namespace under the backend's namespace directory.
    case named(String)

    public var description: String {
        switch self {
        case .host: return "host"
        case .named(let name): return name
        }
    }
}
