import Foundation
import DnetCommandKit
import DnetEngine

/// `rm [-f] CONTAINER...`: each argument as given is printed once removed; one failure does
/// not stop the others, and the command fails at the end with every error, one a line.
struct ContainerRemove: EngineCommandProtocol {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "rm", usage: "[OPTIONS] CONTAINER [CONTAINER...]", summary: "Remove one or more containers",
        options: [OptionSpec(["-f", "--force"], "Force the removal of a running container (uses SIGKILL)")],
        arguments: .named("container"))

    func run(_ arguments: [String], _ context: CommandContext) throws -> Int32 {
        guard let flags = try CommandSupport.parse(arguments, Self.spec, path: [], context: context) else { return 0 }
        try CommandSupport.requireArguments(flags, Self.spec, path: [], min: 1)
        let engine = try handle.get()
        var failures: [String] = []
        for reference in flags.positionals {
            do {
                let details = try engine.container(reference)
                if case .running = engine.mainProcessState(details.container) {
                    guard flags.flag("force") else {
                        failures.append("You cannot remove a running container \(details.container.id). Stop the container before attempting removal or force remove")
                        continue
                    }
                    ContainerLifecycle.kill(details.container, engine: engine)
                }
                let removed = try engine.removeContainer(reference)
                try? FileManager.default.removeItem(atPath: engine.containerDirectory(removed))
                context.stdout.write(reference + "\n")
            } catch let error as EngineError {
                // Docker's client prints a missing container under -f, and does not fail for it.
                if flags.flag("force") && error.kind == .notFound {
                    context.stderr.write(error.message + "\n")
                    continue
                }
                failures.append(error.message)
            }
        }
        if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "\n")) }
        return 0
    }
}
