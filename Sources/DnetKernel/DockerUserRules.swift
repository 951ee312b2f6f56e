/// Accept rules for dnet's bridges in Docker's `DOCKER-USER` chain (`table ip filter`), the
/// chain Docker keeps for other software: where a Docker engine runs, its `FORWARD` policy is
/// DROP, and any base chain may drop a packet that dnet's own tables accept. Each rule carries
/// its network's mark as comment (`dnet:<id>`), by which it is found again. Nothing is done
/// where the chain does not exist.
public struct DockerUserRules: Hashable, Sendable {
    /// Bridges to accept traffic from and to, with their marks.
    public var accept: [String: String]
    /// Marks whose rules go.
    public var remove: Set<String>
    /// Also remove every rule marked `dnet:` that `accept` does not name (a start's sync).
    public var removeOthers: Bool

    public init(accept: [String: String] = [:], remove: Set<String> = [], removeOthers: Bool = false) {
        self.accept = accept
        self.remove = remove
        self.removeOthers = removeOthers
    }

    public static let chain = "ip filter DOCKER-USER"

    /// The rules of one bridge, as nft commands (inserted at the top of the chain).
    static func insertions(_ bridge: String, mark: String) -> [String] {
        ["insert rule \(chain) oifname \"\(bridge)\" counter accept comment \"\(mark)\"",
         "insert rule \(chain) iifname \"\(bridge)\" counter accept comment \"\(mark)\""]
    }

    /// The comments of a chain listing's rules that start with `prefix` (dnet's marks).
    public static func marks(inListing listing: String, prefix: String) -> Set<String> {
        Set(marked(inListing: listing, prefix: prefix).map(\.mark))
    }

    /// The rules of a chain listing that dnet marked: their comment, and their handle when
    /// the listing shows handles (`nft -a`).
    static func marked(inListing listing: String, prefix: String) -> [(handle: String?, mark: String)] {
        listing.split(separator: "\n").compactMap { line in
            guard let comment = line.split(separator: "comment \"").dropFirst().first else { return nil }
            let mark = String(comment.prefix { $0 != "\"" })
            guard mark.hasPrefix(prefix) else { return nil }
            let handle = line.split(separator: "# handle ").dropFirst().first.map { String($0.prefix { $0 != " " }) }
            return (handle, mark)
        }
    }
}
