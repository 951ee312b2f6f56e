import Foundation
import Glibc
import DnetCommandKit
import DnetEngine

/// `network prune`: removes custom networks without containers, after asking (or with `-f`).
public struct NetworkPrune {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "prune", usage: "[OPTIONS]", summary: "Remove all unused networks",
        options: [
            OptionSpec(["--filter"], value: "filter", "Provide filter values (e.g. \"until=<timestamp>\")"),
            OptionSpec(["-f", "--force"], "Do not prompt for confirmation"),
        ])

    static let path = ["network"]

    public static let warning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] "

    func run(_ flags: ParsedFlags, _ context: CommandContext) throws -> Int32 {
        try CommandSupport.requireArguments(flags, Self.spec, path: Self.path, min: 0, max: 0)
        let filters = try PruneFilters(Filters(flags.values("filter"), option: "--filter", Self.spec, path: Self.path))
        if !flags.flag("force") {
            guard context.isInteractive else {
                throw CommandFailure("network prune asks for confirmation and there is no terminal to ask on: use -f to prune without asking")
            }
            context.stdout.write(Self.warning)
            context.stdout.flush()
            // Docker takes only "y" or "Y" as a yes; anything else cancels, with status 0.
            guard Self.readLine(context.stdinDescriptor).trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == "y" else {
                return 0
            }
        }
        let engine = try handle.get()
        let removed = try CommandSupport.engineCall { try engine.pruneNetworks(where: filters.matches) }
        if !removed.isEmpty {
            // Docker lists them in no particular order; dnet in `network ls`'s.
            let names = removed.map(\.name).sorted(by: NaturalOrder.less)
            context.stdout.write("Deleted Networks:\n" + names.map { $0 + "\n" }.joined() + "\n")
        }
        return 0
    }

    static func readLine(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1 && byte != UInt8(ascii: "\n") { bytes.append(byte) }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// `--filter label=…|label!=…|until=…` of `network prune`, with the daemon's rules and texts.
public struct PruneFilters {
    let filters: Filters
    /// Networks created after this (nanoseconds since the epoch) are kept.
    let until: Int64?

    public init(_ filters: Filters) throws {
        try filters.validate(allowed: ["label", "label!", "until"])
        let untils = filters.values("until")
        if untils.count > 1 { throw CommandFailure("more than one until filter specified") }
        until = try untils.first.map { try Timestamps.parse($0) }
        self.filters = filters
    }

    /// Docker's `matchLabels` and `until`: every `label` filter holds, and not every `label!` one.
    public func matches(_ network: NetworkRecord) -> Bool {
        if let until, network.created > until { return false }
        if !filters.matchLabels("label", network.labels) { return false }
        if filters.contains("label!") && filters.matchLabels("label!", network.labels) { return false }
        return true
    }
}
