import Foundation
import DnetCommandKit
import DnetEngine
import DnetTemplates

/// `network inspect`: Docker's JSON array, or a template per network. References that match
/// nothing are reported after what was found, and fail the command.
struct NetworkInspect {
    let handle: EngineHandle

    static let spec = CommandSpec(
        name: "inspect", usage: "[OPTIONS] NETWORK [NETWORK...]", summary: "Display detailed information on one or more networks",
        options: [
            OptionSpec(["-f", "--format"], value: "string", ListOutput.inspectFormatHelp),
            // Docker's --verbose adds swarm services; dnet's local networks have none to add.
            OptionSpec(["-v", "--verbose"], "Verbose output for diagnostics"),
        ],
        arguments: .named("network"))

    /// One reference's outcome, in command-line order.
    private enum Item {
        case found(TemplateValue)
        case failed(String)
    }

    func run(_ flags: ParsedFlags, _ context: CommandContext) throws -> Int32 {
        try CommandSupport.requireArguments(flags, Self.spec, path: ["network"], min: 1)
        let format = flags.value("format") ?? ""
        // A template that does not parse fails before anything is looked up (status 64).
        do { _ = try DockerInspect.render([], format: format) } catch let error as DockerTemplateError {
            throw CommandFailure(error.description, status: 64)
        }
        let engine = try handle.get()
        let (networks, containers) = try CommandSupport.engineCall { (try engine.networks(), try engine.containers()) }
        let items = flags.positionals.map { reference -> Item in
            switch Engine.resolve(reference, in: networks) {
            case .found(let network):
                return .found(NetworkViews.inspect(network, containers: ContainerViews.networkContainers(network, in: containers)))
            case .notFound: return .failed("network \(reference.trimmingCharacters(in: .whitespacesAndNewlines)) not found")
            case .empty: return .failed("invalid network name or ID: value is empty")
            case .ambiguous(let count):
                // The daemon's inspect route words it differently from its other routes.
                return .failed("\(count) matches found based on ID prefix: network \(reference.trimmingCharacters(in: .whitespacesAndNewlines)) is ambiguous")
            }
        }
        if format.isEmpty || format == "json" {
            let found = items.compactMap { item -> TemplateValue? in if case .found(let v) = item { return v } else { return nil } }
            let failures = items.compactMap { item -> String? in if case .failed(let m) = item { return m } else { return nil } }
            try ListOutput.inspect(found, format: format, failures: failures, to: context.stdout)
            return 0
        }
        // A template: one line per network that renders; errors in the order of the references.
        var output = "", errors: [String] = []
        for item in items {
            switch item {
            case .failed(let message): errors.append(message)
            case .found(let value):
                let rendered = try DockerInspect.render([value], format: format)
                if rendered.errors.isEmpty { output += rendered.stdout } else { errors += rendered.errors }
            }
        }
        context.stdout.write(output.isEmpty ? "\n" : output)
        if !errors.isEmpty { throw CommandFailure(errors.joined(separator: "\n")) }
        return 0
    }
}
