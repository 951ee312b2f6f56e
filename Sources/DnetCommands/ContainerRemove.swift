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
        let force = flags.flag("force")
        // Docker's client prints a missing container under -f, and does not fail for it.
        return try CommandSupport.eachArgument(flags.positionals, context,
                                               forgive: { force && $0.kind == .notFound ? .report : .fail }) { reference in
            let details = try engine.container(reference)
            if case .running = engine.mainProcessState(details.container) {
                guard force else {
                    throw CommandFailure("You cannot remove a running container \(details.container.id). Stop the container before attempting removal or force remove")
                }
                ContainerLifecycle.kill(details.container, engine: engine)
            }
            let removed = try engine.removeContainer(reference)
            try? FileManager.default.removeItem(atPath: engine.containerDirectory(removed))
        }
    }
}
