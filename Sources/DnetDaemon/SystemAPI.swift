import Foundation
import Glibc
import DnetEngine
import DnetTemplates

/// `/_ping`, `/version` and `/info`: what the docker CLI reads to negotiate the API version
/// and to print `docker version` and `docker info`.
struct SystemAPI {
    let executor: EngineExecutor
    let version: String
    let dataRoot: String

    func register(into router: inout APIRouter) {
        // HEAD is answered by the GET route, with the same headers and no body.
        router.add("GET", "/_ping") { _, _ in
            var response = HTTPResponse.text(200, "OK")
            response.headers += [("Cache-Control", "no-cache, no-store, must-revalidate"), ("Pragma", "no-cache")]
            return response
        }
        router.add("GET", "/version") { _, _ in try APIJSON.response(200, versionDocument()) }
        router.add("GET", "/info") { _, _ in try info() }
    }

    private var kernelVersion: String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    private var hostName: String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: &names.nodename) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    private var architecture: String {
        #if arch(x86_64)
        return "amd64"
        #elseif arch(arm64)
        return "arm64"
        #else
        return "unknown"
        #endif
    }

    func versionDocument() -> TemplateValue {
        let details: [(String, TemplateValue)] = [
            ("ApiVersion", .string(APIRouter.apiVersion)), ("Arch", .string(architecture)), ("BuildTime", .string("")),
            ("Experimental", .string("false")), ("GitCommit", .string("")), ("GoVersion", .string("")),
            ("KernelVersion", .string(kernelVersion)), ("MinAPIVersion", .string(APIRouter.minimumAPIVersion)),
            ("Os", .string("linux")),
        ]
        return .fields([
            ("Platform", .fields([("Name", .string("dnet"))])),
            ("Components", .list([.fields([
                ("Name", .string("Engine")), ("Version", .string(version)), ("Details", .fields(details)),
            ])])),
            ("Version", .string(version)),
            ("ApiVersion", .string(APIRouter.apiVersion)),
            ("MinAPIVersion", .string(APIRouter.minimumAPIVersion)),
            ("GitCommit", .string("")),
            ("GoVersion", .string("")),
            ("Os", .string("linux")),
            ("Arch", .string(architecture)),
            ("KernelVersion", .string(kernelVersion)),
            ("BuildTime", .string("")),
        ])
    }

    func info() throws -> HTTPResponse {
        let (total, running, drivers) = try executor.run { engine -> (Int, Int, [String]) in
            let containers = try engine.containers()
            let running = containers.filter { engine.mainProcessState($0.container).isRunning }.count
            return (containers.count, running, Set(try engine.networks().map(\.driver)).sorted())
        }
        let document: TemplateValue = .fields([
            ("ID", .string("")),
            ("Containers", .int(total)),
            ("ContainersRunning", .int(running)),
            ("ContainersPaused", .int(0)),
            ("ContainersStopped", .int(total - running)),
            ("Images", .int(0)),
            ("Driver", .string("")),
            ("DriverStatus", .null(.slice)),
            ("Plugins", .fields([
                ("Volume", .null(.slice)), ("Network", .strings(drivers)), ("Authorization", .null(.slice)), ("Log", .null(.slice)),
            ])),
            ("MemoryLimit", .bool(false)), ("SwapLimit", .bool(false)),
            ("IPv4Forwarding", .bool(true)),
            ("Debug", .bool(false)),
            ("NFd", .int(0)), ("NGoroutines", .int(0)),
            ("SystemTime", .string(ISO8601DateFormatter().string(from: Date()))),
            ("LoggingDriver", .string("")),
            ("CgroupDriver", .string("")),
            ("NEventsListener", .int(0)),
            ("KernelVersion", .string(kernelVersion)),
            ("OperatingSystem", .string("dnet")),
            ("OSVersion", .string("")),
            ("OSType", .string("linux")),
            ("Architecture", .string(architecture == "amd64" ? "x86_64" : architecture)),
            ("IndexServerAddress", .string("")),
            ("RegistryConfig", .null(.pointer("*registry.ServiceConfig"))),
            ("NCPU", .int(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))),
            ("MemTotal", .int(Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE))))),
            ("DockerRootDir", .string(dataRoot)),
            ("Name", .string(hostName)),
            ("Labels", .list([])),
            ("ExperimentalBuild", .bool(false)),
            ("ServerVersion", .string(version)),
            ("Runtimes", .map(TemplateMap([:]))),
            ("DefaultRuntime", .string("")),
            ("Swarm", .fields([
                ("NodeID", .string("")), ("NodeAddr", .string("")), ("LocalNodeState", .string("inactive")),
                ("ControlAvailable", .bool(false)), ("Error", .string("")), ("RemoteManagers", .null(.slice)),
            ])),
            ("LiveRestoreEnabled", .bool(false)),
            ("Isolation", .string("")),
            ("InitBinary", .string("")),
            ("SecurityOptions", .list([])),
            ("Warnings", .null(.slice)),
        ])
        return try APIJSON.response(200, document)
    }
}
