import Foundation
import DnetCommandKit
import DnetEngine

/// `logs CONTAINER`: prints what the main process wrote to stdout and stderr.
struct ContainerLogs: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "logs", usage: "CONTAINER", summary: "Fetch the logs of a container", arguments: .named("container"))

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let flags = try CommandSupport.parse(arguments, Self.spec, path: [], context: context) else { return 0 }
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 1, max: 1)
        let engine = try handle.get()
        let details = try CommandSupport.engineCall { try engine.container(flags.positionals[0]) }
        // A container that never ran a process has an empty log, as in Docker.
        if let data = FileManager.default.contents(atPath: engine.logPath(details.container)) {
            data.withUnsafeBytes { context.stdout.write(bytes: $0.bindMemory(to: UInt8.self)) }
        }
        return 0
    }
}
