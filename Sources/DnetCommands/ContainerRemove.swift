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
        let references = flags.positionals
        // Checked first, then removed together in one engine call: `rm` of a thousand
        // containers takes the store's lock and commit once.
        var outcomes: [Result<Void, Error>?] = Array(repeating: nil, count: references.count)
        var removable: [Int] = []
        for (i, lookup) in try engine.containers(references).enumerated() {
            switch lookup {
            case .failure(let error): outcomes[i] = .failure(error)
            case .success(let details):
                if case .running = engine.mainProcessState(details.container) {
                    guard force else {
                        outcomes[i] = .failure(CommandFailure("You cannot remove a running container \(details.container.id). Stop the container before attempting removal or force remove"))
                        continue
                    }
                    ContainerLifecycle.kill(details.container, engine: engine)
                }
                removable.append(i)
            }
        }
        for (i, result) in zip(removable, try engine.removeContainers(removable.map { references[$0] })) {
            switch result {
            case .success:
                outcomes[i] = .success(())
            case .failure(let error): outcomes[i] = .failure(error)
            }
        }
        // Docker's client prints a missing container under -f, and does not fail for it.
        var failures: [String] = []
        for (reference, outcome) in zip(references, outcomes) {
            switch outcome {
            case .success?: context.stdout.write(reference + "\n")
            case .failure(let error as EngineError)? where force && error.kind == .notFound:
                context.stderr.write(error.message + "\n")
            case .failure(let error as EngineError)?: failures.append(error.message)
            case .failure(let failure as CommandFailure)?: failures.append(failure.message)
            case .failure(let error)?: failures.append("\(error)")
            case nil: break
            }
        }
        if !failures.isEmpty { throw CommandFailure(failures.joined(separator: "\n")) }
        return 0
    }
}
