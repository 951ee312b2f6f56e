import DnetTemplates
import Foundation
import Glibc
import DnetCommandKit
import DnetCommands

/// The engine commands of a `dnet -H` session: the local commands' specs (so help and
/// completion are the same), with handlers that send the argv to the daemon's
/// `POST /dnet/v1/commands` and print what the command printed there.
public enum RemoteCommands {
    public static func register(into registry: CommandRegistry, client: DaemonClient) {
        let before = Set(registry.commandNames)
        // The local registration gives the specs; its engine is never made.
        DnetCommands.register(into: registry, engine: EngineHandle {
            throw CommandFailure("internal error: a -H session has no local engine")
        })
        for name in registry.commandNames where !before.contains(name) {
            guard let spec = registry.lookup(name)?.spec else { continue }
            registry.register(spec) { arguments, context in
                guard let confirmed = try confirm([name] + arguments, context) else { return 0 }
                return try run(confirmed, on: client, context)
            }
        }
        registry.registerNames("network") { names(["network", "ls", "--format", "{{.Name}}\n{{.ID}}"], client) }
        registry.registerNames("container") { names(["ps", "-a", "--format", "{{.Names}}\n{{.ID}}"], client) }
    }

    /// Runs one command on the daemon: its stdout and stderr go to the context's, a failure
    /// is thrown with the daemon's message and status, as the local command throws it.
    public static func run(_ argv: [String], on client: DaemonClient, _ context: CommandContext) throws -> Int32 {
        context.flushAll()
        let body = "{\"Args\":[" + argv.map { GoJSON.quote($0) }.joined(separator: ",") + "]}"
        let response: DaemonClient.Response
        do { response = try client.send("POST", CommandAPI.path, body: Array(body.utf8)) } catch let failure as DaemonFailure {
            throw CommandFailure(failure.message)
        }
        let document = try? JSONValue.parse(response.body)
        guard response.status == 200, let document,
              let fields = try? JSONFields(document, typeName: "dnet.CommandResult", allowed: ["Stdout", "Stderr", "Status", "Error"]) else {
            var message = "the daemon at \(client.address) answered \(response.status)"
            if let document, let error = try? JSONFields(document, typeName: "", allowed: ["message"]).string("message") {
                message = error
            }
            throw CommandFailure(message)
        }
        context.stdout.write((try? fields.string("Stdout")) ?? "")
        context.stderr.write((try? fields.string("Stderr")) ?? "")
        let status = Int32(clamping: (try? fields.int("Status")) ?? 1)
        if let error = try? fields.string("Error") { throw CommandFailure(error, status: status) }
        return status
    }

    /// `network prune` asks its question here, where the terminal is (the daemon has none),
    /// and goes on with `-f` after a yes; nil when the answer was no.
    static func confirm(_ argv: [String], _ context: CommandContext) throws -> [String]? {
        guard argv.count >= 2, argv[0] == "network", argv[1] == "prune", context.isInteractive else { return argv }
        let skip: Set<String> = ["-f", "--force", "-h", "--help"]
        guard !argv.contains(where: { skip.contains($0) || $0.hasPrefix("--force=") }) else { return argv }
        context.stdout.write(NetworkPrune.warning)
        context.stdout.flush()
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(context.stdinDescriptor, &byte, 1) == 1 && byte != UInt8(ascii: "\n") { bytes.append(byte) }
        // Docker takes only "y" or "Y" as a yes.
        let answer = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" ? argv + ["-f"] : nil
    }

    private static func names(_ argv: [String], _ client: DaemonClient) -> [String] {
        let context = CommandContext(stdout: .capture(), stderr: .capture())
        guard (try? run(argv, on: client, context)) == 0 else { return [] }
        return context.stdout.capturedText.split(separator: "\n").map(String.init)
    }
}
