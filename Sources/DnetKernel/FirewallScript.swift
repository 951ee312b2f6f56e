/// A change to dnet's nftables tables: nft commands applied as one transaction, and the
/// commands that take it back (empty when it cannot be taken back, as a full rewrite).
public struct FirewallScript: Hashable, Sendable {
    public var commands: [String]
    public var undoCommands: [String]
    /// What the change is about, for messages: "publish ports of web".
    public var summary: String

    public init(commands: [String], undoCommands: [String], summary: String) {
        self.commands = commands
        self.undoCommands = undoCommands
        self.summary = summary
    }

    public var text: String { commands.joined(separator: "\n") + "\n" }
}
