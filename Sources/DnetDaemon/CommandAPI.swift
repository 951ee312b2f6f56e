import Glibc
import DnetCommandKit
import DnetTemplates

/// dnet's own endpoint, outside Docker's paths: `POST /dnet/v1/commands` runs one engine
/// command (`{"Args": ["network", "ls"]}`) through the daemon's command registry, on the
/// engine thread, and answers what it printed and its status. `dnet -H` sends every engine
/// command here, so its output and errors are the local command's, byte for byte.
struct CommandAPI {
    static let path = "/dnet/v1/commands"

    let executor: EngineExecutor
    let registry: CommandRegistry

    func register(into router: inout APIRouter) {
        router.add("POST", Self.path, versioned: false) { request, _ in try run(request) }
    }

    func run(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try JSONFields(try JSONValue.parse(request.body), typeName: "dnet.CommandRequest", allowed: ["Args"])
        guard let args = try body.stringList("Args"), let name = args.first else {
            throw APIError.badRequest("a command request needs Args: the command's name and arguments")
        }
        guard let entry = registry.lookup(name) else {
            throw APIError(404, "unknown command: \(name)")
        }
        let stdout = OutputSink.capture(), stderr = OutputSink.capture()
        let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if devNull >= 0 { close(devNull) } }
        let context = CommandContext(stdout: stdout, stderr: stderr, stdinDescriptor: devNull >= 0 ? devNull : 0)
        let arguments = Array(args.dropFirst())
        let (status, error) = try executor.run { _ -> (Int32, String?) in
            do {
                return (try entry.handler(arguments, context), nil)
            } catch let failure as CommandFailure {
                return (failure.status, failure.message)
            } catch {
                return (1, String(describing: error))
            }
        }
        return try APIJSON.response(200, .fields([
            ("Stdout", .string(stdout.capturedText)),
            ("Stderr", .string(stderr.capturedText)),
            ("Status", .int(Int(status))),
            ("Error", error.map { .string($0) } ?? .null(.pointer("*string"))),
        ]))
    }
}
