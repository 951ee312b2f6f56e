import Foundation
import DnetCommandKit
import DnetEngine

/// `wait CONTAINER...`: blocks until each container's main process has ended, then prints its
/// exit code, as `docker wait` does. A container without a main process never ends: the wait
/// lasts until it is removed or Ctrl-C.
struct ContainerWait: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "wait", usage: "CONTAINER [CONTAINER...]", summary: "Block until one or more containers stop, then print their exit codes",
        arguments: .named("container"))

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let flags = try CommandSupport.parse(arguments, Self.spec, path: [], context: context) else { return 0 }
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 1)
        let engine = try handle.get()
        var failures: [String] = []
        for reference in flags.positionals {
            do {
                let container = try CommandSupport.engineCall { try engine.container(reference).container }
                guard let code = try Self.exitCode(container, engine: engine, context) else { return 130 }
                context.stdout.write("\(code)\n")
            } catch let failure as CommandFailure {
                failures.append(failure.message)
            }
        }
        if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "\n")) }
        return 0
    }

    /// The code once the process is not running (nil when interrupted); a container removed
    /// meanwhile ends the wait as Docker's does, with an error.
    static func exitCode(_ container: ContainerRecord, engine: Engine, _ context: CommandContext) throws -> Int32? {
        var state = engine.mainProcessState(container)
        var polls = 0
        while state.isRunning {
            if context.interruption.isRequested { return nil }
            usleep(50_000)
            polls += 1
            // The process is read from /proc; the store only now and then, for a removal.
            if polls % 20 == 0 {
                _ = try CommandSupport.engineCall { try engine.container(container.id) }
            }
            state = engine.mainProcessState(container)
        }
        // Not running means its status is written (see `mainProcessState`).
        if case .exited(let code, _, _) = state { return code }
        return 0
    }
}
