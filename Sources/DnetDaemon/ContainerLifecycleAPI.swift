import Foundation
import Glibc
import DnetCommandKit
import DnetEngine
import DnetTemplates

/// `POST /containers/create`, `/containers/{id}/start`, `/stop`, `/wait` and
/// `DELETE /containers/{id}`, on the engine's container operations as `run`, `start`, `stop`
/// and `rm` use them. Waiting for a process to end happens on the connection's thread, asking
/// the engine thread for the state between short sleeps, so that a `stop -t 10` never holds
/// up the other clients.
struct ContainerLifecycleAPI {
    let executor: EngineExecutor
    let registry: CommandRegistry

    func register(into router: inout APIRouter) {
        router.add("POST", "/containers/create") { request, _ in try create(request) }
        router.add("POST", "/containers/*/start") { _, captures in try start(captures[0]) }
        router.add("POST", "/containers/*/stop") { request, captures in try stop(request, captures[0]) }
        router.add("POST", "/containers/*/wait") { request, captures in try wait(request, captures[0]) }
        router.add("DELETE", "/containers/*") { request, captures in try remove(request, captures[0]) }
    }

    /// `docker create`: the container is made at once with its namespace and addresses (a
    /// dnet container is its namespace), its command not started.
    func create(_ request: HTTPRequest) throws -> HTTPResponse {
        let body = try ContainerCreateBody(request.body, name: request.query["name"].flatMap { $0.isEmpty ? nil : $0 })
        let (run, image) = (body.request, body.image)
        let id: String
        do {
            id = try executor.run { engine -> String in
                let details = try engine.runContainer(run)
                if !image.isEmpty { try ContainerImages.record(image, for: details.container, engine: engine) }
                return details.container.id
            }
        } catch let error as EngineError where error.kind == .notFound {
            // A 404 here means "no such image" to the docker CLI, which would then try to pull
            // one: a missing network (or container to share) is a bad request instead.
            throw APIError.badRequest(error.message)
        }
        return try APIJSON.response(201, .fields([("Id", .string(id)), ("Warnings", .list([]))]))
    }

    private enum StartOutcome {
        case alreadyRunning
        case failed(String, ContainerRecord)
        case started(ContainerRecord)
    }

    /// `docker start`: the `start` command's work; 304 when it runs already (a container with
    /// no command is its namespace, always running).
    func start(_ reference: String) throws -> HTTPResponse {
        guard let entry = registry.lookup("start") else { throw APIError(500, "dnet's start command is not registered") }
        let outcome = try executor.run { engine -> StartOutcome in
            let container = try engine.container(reference).container
            if engine.mainProcessState(container).isRunning { return .alreadyRunning }
            let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
            defer { if devNull >= 0 { close(devNull) } }
            let context = CommandContext(stdout: OutputSink.capture(), stderr: OutputSink.capture(),
                                         stdinDescriptor: devNull >= 0 ? devNull : 0)
            do {
                _ = try entry.handler([container.id], context)
            } catch let failure as CommandFailure {
                return .failed(failure.message, container)
            } catch let error as EngineError {
                return .failed(error.message, container)
            } catch {
                return .failed("\(error)", container)
            }
            return .started(container)
        }
        switch outcome {
        case .alreadyRunning: return HTTPResponse(status: 304)
        case .failed(let message, let container):
            // As Docker, and as `run --rm`: an AutoRemove container whose command cannot start goes.
            if container.autoRemove == true { try? removeContainer(container.id, force: true) }
            throw APIError(500, message)
        case .started(let container):
            if container.autoRemove == true { watchForAutoRemove(container.id) }
            return HTTPResponse(status: 204)
        }
    }

    /// `docker stop`: SIGTERM, SIGKILL after `t` seconds (10); 304 when nothing runs. An
    /// `AutoRemove` container is then removed.
    func stop(_ request: HTTPRequest, _ reference: String) throws -> HTTPResponse {
        var timeout = 10
        if let text = request.query["t"], !text.isEmpty {
            guard let value = Int(text) else { throw APIError.badRequest("invalid value for t: \(text)") }
            timeout = value
        }
        let (container, state) = try lookup(reference)
        switch state {
        case .running(let pid, _):
            kill(pid, SIGTERM)
            if !waitUntilStopped(container, seconds: Double(max(timeout, 0))) {
                kill(pid, SIGKILL)
                _ = waitUntilStopped(container, seconds: 5)
            }
        case .namespaceOnly:
            // Nothing runs in it: as the local `stop`, nothing to do.
            break
        case .created, .exited:
            return HTTPResponse(status: 304)
        }
        if container.autoRemove == true { try? removeContainer(container.id, force: true) }
        return HTTPResponse(status: 204)
    }

    /// `docker wait`: `{"Error":null,"StatusCode":N}` once the condition holds
    /// (`not-running`, the default; `next-exit`; `removed`). The status goes out at once, as
    /// Docker's does: `docker run --rm` waits for it before it starts the container.
    func wait(_ request: HTTPRequest, _ reference: String) throws -> HTTPResponse {
        let condition = request.query["condition"] ?? ""
        guard ["", "not-running", "next-exit", "removed"].contains(condition) else {
            throw APIError.badRequest("invalid condition: \"\(condition)\"")
        }
        let (container, first) = try lookup(reference)
        var response = HTTPResponse(status: 200, headers: [("Content-Type", "application/json")])
        response.laterBody = { [self] in
            var state = first
            while true {
                switch condition {
                case "removed": break
                case "next-exit":
                    if case .exited = state, state != first { return Self.waitAnswer(state) }
                default:
                    if !state.isRunning { return Self.waitAnswer(state) }
                }
                usleep(50_000)
                let now: MainProcessState?
                do {
                    now = try currentState(container.id)
                } catch {
                    return Self.waitAnswer(state, error: APIError.from(error).message)
                }
                // Removed meanwhile: the last state seen is the answer.
                guard let now else { return Self.waitAnswer(state) }
                state = now
            }
        }
        return response
    }

    private static func waitAnswer(_ state: MainProcessState, error: String? = nil) -> [UInt8] {
        var code = 0
        if case .exited(let status, _, _) = state { code = Int(status) }
        if error != nil { code = -1 }
        let errorValue: TemplateValue = error.map { .fields([("Message", .string($0))]) } ?? .null(.pointer("*container.WaitExitError"))
        let text = (try? GoJSON.encode(.fields([("Error", errorValue), ("StatusCode", .int(code))]))) ?? "{}"
        return Array((text + "\n").utf8)
    }

    /// `docker rm [-f]`: a running main process is refused (409) unless `force`, then killed.
    func remove(_ request: HTTPRequest, _ reference: String) throws -> HTTPResponse {
        func flag(_ name: String) throws -> Bool {
            guard let text = request.query[name], !text.isEmpty else { return false }
            guard let value = ["1": true, "true": true, "True": true, "0": false, "false": false, "False": false][text] else {
                throw APIError.badRequest("invalid value for \(name): \(text)")
            }
            return value
        }
        if try flag("link") { throw APIError.badRequest("dnet does not support removing a link (rm --link)") }
        _ = try flag("v")
        try removeContainer(reference, force: try flag("force"))
        return HTTPResponse(status: 204)
    }

    private func removeContainer(_ reference: String, force: Bool) throws {
        let (container, state) = try lookup(reference)
        if case .running(let pid, _) = state {
            guard force else {
                throw APIError(409, "You cannot remove a running container \(container.id). Stop the container before attempting removal or force remove")
            }
            kill(pid, SIGKILL)
            _ = waitUntilStopped(container, seconds: 5)
        }
        try executor.run { engine in _ = try engine.removeContainer(container.id) }
    }

    private func lookup(_ reference: String) throws -> (ContainerRecord, MainProcessState) {
        try executor.run { engine in
            let container = try engine.container(reference).container
            return (container, engine.mainProcessState(container))
        }
    }

    /// The main process's state now; nil once the container is gone.
    private func currentState(_ id: String) throws -> MainProcessState? {
        try executor.run { engine in (try? engine.container(id)).map { engine.mainProcessState($0.container) } }
    }

    /// True once the main process has ended (or the container is gone) within `seconds`.
    private func waitUntilStopped(_ container: ContainerRecord, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            guard case .running? = try? currentState(container.id) else { return true }
            if Date() >= deadline { return false }
            usleep(20_000)
        }
    }

    /// At the daemon's start: the `AutoRemove` containers an earlier daemon was watching. Their
    /// main processes outlive a daemon (each has a supervisor of its own); one that ended while
    /// no daemon ran is removed now, one still running is watched again.
    func resumeAutoRemoval() {
        let containers = (try? executor.run { engine in
            try engine.containers().map(\.container).filter { $0.autoRemove == true }
                .map { ($0.id, engine.mainProcessState($0)) }
        }) ?? []
        for (id, state) in containers {
            switch state {
            case .running: watchForAutoRemove(id)
            case .exited: try? removeContainer(id, force: true)
            case .created, .namespaceOnly: break   // never started, or nothing to end: as Docker
            }
        }
    }

    /// `AutoRemove`: the daemon removes the container once its main process ends, as Docker's
    /// daemon does (a local `run --rm` starts a remover process instead).
    private func watchForAutoRemove(_ id: String) {
        let thread = Thread { [self] in
            while true {
                usleep(100_000)
                // Ends when the daemon stops (the executor refuses work) or the container went.
                guard let state = try? currentState(id) else { return }
                if !state.isRunning {
                    try? removeContainer(id, force: true)
                    return
                }
            }
        }
        thread.name = "dnet-autoremove"
        thread.start()
    }
}
