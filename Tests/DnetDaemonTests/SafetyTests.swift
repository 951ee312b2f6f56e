import Foundation
import Glibc
import Testing
import DnetDaemon

/// Bad requests never crash the daemon nor change its state; the socket's mode; stale and
/// live sockets; the data root's daemon lock; SIGTERM.
@Suite(.serialized, .enabled(if: Sandboxed.enabled))
struct SafetyTests {
    /// Everything a client can see of the state.
    static func state(_ daemon: DaemonUnderTest) throws -> String {
        let networks = try daemon.http("GET", "/networks")
        let containers = try daemon.http("GET", "/containers/json?all=1")
        return networks.body + containers.body
    }

    @Test func badRequestsAreRefusedWithoutChange() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        #expect(daemon.docker(["network", "create", "--subnet", "10.77.0.0/24", "keep"]).status == 0)
        let before = try Self.state(daemon)
        let cases: [(method: String, path: String, body: String?, status: Int, message: String)] = [
            ("GET", "/nosuch", nil, 404, "page not found"),
            ("GET", "/v1.41/networks/keep/nosuch", nil, 404, "page not found"),
            ("PUT", "/networks/keep", nil, 405, "method PUT is not allowed"),
            ("GET", "/v1.99/networks", nil, 400, "client version 1.99 is too new. Maximum supported API version is 1.41"),
            ("GET", "/v1.5/networks", nil, 400, "client version 1.5 is too old"),
            ("POST", "/networks/create", "{", 400, "invalid character looking for beginning of object key string"),
            ("POST", "/networks/create", "{\"Name\": \"x1\"", 400, "unexpected end of JSON input"),
            ("POST", "/networks/create", "[]", 400, "json: cannot unmarshal array into Go value of type types.NetworkCreateRequest"),
            ("POST", "/networks/create", "{\"Name\": 7}", 400, "json: cannot unmarshal number into Go struct field types.NetworkCreateRequest.Name of type string"),
            ("POST", "/networks/create", "{\"Name\": \"x1\", \"Internal\": \"yes\"}", 400, "of type bool"),
            ("POST", "/networks/create", "{\"Name\": \"x1\", \"Bogus\": 1}", 400, "json: unknown field"),
            ("POST", "/networks/create", "{\"Name\": \"x1\", \"IPAM\": {\"Config\": [{\"Subnet\": 10}]}}", 400, "network.IPAMConfig.Subnet of type string"),
            ("POST", "/networks/create", "{\"Name\": \"x1\", \"Labels\": {\"a\": 1}}", 400, "of type string"),
            ("POST", "/networks/create", "{\"Name\": \"keep\"}", 409, "network with name keep already exists"),
            ("POST", "/networks/create", "{\"Name\": \"x1\", \"IPAM\": {\"Config\": [{\"Subnet\": \"10.77.0.0/24\"}]}}", 403, "Pool overlaps with other one on this address space"),
            ("POST", "/networks/keep/connect", "{\"Container\": 5}", 400, "of type string"),
            ("POST", "/networks/keep/connect", "{\"Container\": \"nosuch\"}", 404, "No such container: nosuch"),
            ("POST", "/networks/keep/disconnect", "{\"Force\": \"no\"}", 400, "of type bool"),
            ("DELETE", "/networks/bridge", nil, 403, "bridge is a pre-defined network and cannot be removed"),
            ("DELETE", "/networks/nosuch", nil, 404, "network nosuch not found"),
            ("GET", "/networks?filters=%7Bbad", nil, 400, "invalid filters"),
            ("GET", "/networks?filters=%7B%22bogus%22%3A%7B%22x%22%3Atrue%7D%7D", nil, 400, "Invalid filter 'bogus'"),
            ("POST", "/networks/prune?filters=%7B%22until%22%3A%7B%22nonsense%22%3Atrue%7D%7D", nil, 400, "failed to parse value as time or duration"),
            ("POST", "/dnet/v1/commands", "{\"Args\": []}", 400, "a command request needs Args"),
            ("POST", "/dnet/v1/commands", "{\"Args\": [\"nosuch\"]}", 404, "unknown command: nosuch"),
        ]
        for item in cases {
            let answer = try daemon.http(item.method, item.path, item.body)
            #expect(answer.status == item.status, "\(item.method) \(item.path) \(item.body ?? ""): \(answer.body)")
            #expect(answer.body.contains(item.message), "\(item.method) \(item.path): \(answer.body)")
            if item.status >= 400 { #expect(answer.body.hasPrefix("{\"message\":"), "\(answer.body)") }
        }
        #expect(try Self.state(daemon) == before)
        #expect(daemon.isRunning)
    }

    @Test func malformedHTTPAndOversizedBodies() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        let before = try Self.state(daemon)
        let big = "{\"Name\": \"big\", \"Labels\": {\"k\": \"" + String(repeating: "x", count: 2 << 20) + "\"}}"
        let raws: [(String, Int)] = [
            ("GARBAGE\r\n\r\n", 400),
            ("GET /networks HTTP/9\r\n\r\n", 400),
            ("GET networks HTTP/1.1\r\n\r\n", 400),
            ("GET /networks HTTP/1.1\r\nNo colon here\r\n\r\n", 400),
            ("POST /networks/create HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400),
            ("POST /networks/create HTTP/1.1\r\nContent-Length: \(big.utf8.count)\r\n\r\n" + big, 413),
            ("POST /networks/create HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
            ("POST /networks/create HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\n", 413),
            ("POST /networks/create HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
            ("POST /networks/create HTTP/1.1\r\nContent-Length: 9223372036854775807\r\n\r\n", 413),
            ("POST /networks/create HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            ("GET /networks HTTP/1.1\r\n" + String(repeating: "X-Filler: " + String(repeating: "y", count: 1000) + "\r\n", count: 80) + "\r\n", 431),
        ]
        for (request, status) in raws {
            let answer = rawExchange(daemon.socket, Array(request.utf8))
            #expect(statusCode(answer) == status, "\(request.prefix(60)): \(answer.prefix(200))")
        }
        // A chunked body that is fine is read as one.
        let chunked = "POST /networks/create HTTP/1.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\n{\"Nam\r\na\r\ne\": \"ch1\"}\r\n0\r\n\r\n"
        #expect(statusCode(rawExchange(daemon.socket, Array(chunked.utf8))) == 201)
        #expect(daemon.docker(["network", "rm", "ch1"]).status == 0)
        #expect(try Self.state(daemon) == before)
        #expect(daemon.isRunning)
    }

    /// Random bodies for every route that takes one: each is answered (never a crash), and
    /// only a valid request may change anything.
    @Test func fuzzedBodies() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        #expect(daemon.docker(["network", "create", "--subnet", "10.78.0.0/24", "fz"]).status == 0)
        let before = try Self.state(daemon)
        var generator = SystemRandomNumberGenerator()
        let fragments = ["{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "0", "-1", "1e999", "\"Name\"",
                         "\"IPAM\"", "\"Config\"", "\"Subnet\"", "\"Container\"", "\"EndpointConfig\"", "\"Labels\"",
                         "\"\\u0000\"", "\"\\ud800\"", "\u{FF}", "\\", " ", "\"Args\"", "\"Force\"", "{\"Name\":", "[[[[[[["]
        let paths = ["/networks/create", "/networks/fz/connect", "/networks/fz/disconnect", "/dnet/v1/commands"]
        for round in 0..<400 {
            let count = Int.random(in: 0..<12, using: &generator)
            var body = (0..<count).map { _ in fragments.randomElement(using: &generator)! }.joined()
            if round % 10 == 0 { body = String(repeating: "[", count: 10_000) }
            let path = paths[round % paths.count]
            let stateBefore = try Self.state(daemon)
            let answer = try daemon.http("POST", path, body)
            #expect(answer.status >= 200 && answer.status < 600, "\(path) \(body)")
            if answer.status >= 400 {
                #expect(answer.body.hasPrefix("{\"message\":"), "\(path) \(body): \(answer.body)")
                #expect(try Self.state(daemon) == stateBefore, "\(path) \(body) changed the state")
            } else if answer.status == 201 {
                // A body that happened to be a valid request (`{"Name":"Name"}`) did its work.
                #expect(daemon.docker(["network", "rm", "Name"]).status == 0, "\(body)")
            }
        }
        #expect(daemon.isRunning)
        #expect(try Self.state(daemon) == before)
    }

    @Test func socketModeStaleAndLiveSockets() throws {
        let daemon = try DaemonUnderTest()
        var info = stat()
        #expect(lstat(daemon.socket, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660)
        #expect((info.st_mode & S_IFMT) == S_IFSOCK)
        // A second daemon on the same live socket (another data root) is refused.
        let other = FileManager.default.temporaryDirectory.path + "/dnet-other-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: other) }
        let refused = try runProgram(DaemonUnderTest.dnetPath, ["daemon", "--data-root", other, "-H", "unix://" + daemon.socket])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("another daemon is already listening on it"), "\(refused.stderr)")
        #expect(daemon.isRunning)
        // SIGTERM: clean stop, the socket file gone.
        #expect(daemon.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: daemon.socket))
        #expect(daemon.log.contains("dnet daemon: stopped"))
        // A stale socket file (nobody listening) is replaced.
        let stale = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let path = Array(daemon.socket.utf8)
            raw.copyBytes(from: path)
            raw[path.count] = 0
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(stale, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        close(stale)
        #expect(FileManager.default.fileExists(atPath: daemon.socket))
        let again = try DaemonUnderTest(listenOn: daemon.directory)
        defer { again.finish() }
        #expect(try again.http("GET", "/_ping").body == "OK")
        daemon.finish()
    }

    /// SIGKILL loses nothing that was answered: a new daemon on the same data root and
    /// socket (stale now) has every network, and their bridges.
    @Test func killedDaemonLosesNothingAcknowledged() throws {
        let first = try DaemonUnderTest()
        for i in 1...3 {
            #expect(first.docker(["network", "create", "--subnet", "10.79.\(i).0/24", "-o", "com.docker.network.bridge.name=kept\(i)", "kept\(i)"]).status == 0)
        }
        kill(first.pid, SIGKILL)
        first.stop()
        #expect(FileManager.default.fileExists(atPath: first.socket), "a killed daemon leaves its socket")
        let second = try DaemonUnderTest(listenOn: first.directory)
        defer {
            second.finish()
            first.finish()
        }
        let names = second.docker(["network", "ls", "--format", "{{.Name}}", "--filter", "name=kept"]).stdout
        #expect(names == "kept1\nkept2\nkept3\n")
        for i in 1...3 {
            #expect(try runProgram("/sbin/ip", ["link", "show", "kept\(i)"]).status == 0)
        }
    }

    @Test func daemonLockKeepsLocalDnetOff() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        let config = daemon.directory + "/daemon.json"
        let local = try runProgram(DaemonUnderTest.dnetPath, ["--data-root", daemon.dataRoot, "--config-file", config, "network", "ls"])
        #expect(local.status == 1)
        #expect(local.stderr.contains("a dnet daemon serves the data root \(daemon.dataRoot) on unix://\(daemon.socket)"), "\(local.stderr)")
        // A second daemon on the same data root.
        let second = try runProgram(DaemonUnderTest.dnetPath, ["daemon", "--data-root", daemon.dataRoot, "--config-file", config,
                                                               "-H", "unix://" + daemon.directory + "/second.sock"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("a dnet daemon already serves the data root"), "\(second.stderr)")
        #expect(!FileManager.default.fileExists(atPath: daemon.directory + "/second.sock"))
        // Once it stops, local dnet works on the data root again.
        #expect(daemon.stop() == 0)
        let after = try runProgram(DaemonUnderTest.dnetPath, ["--data-root", daemon.dataRoot, "--config-file", config,
                                                              "network", "ls", "--format", "{{.Name}}"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout == "bridge\nhost\nnone\n")
    }

    @Test func nonLoopbackTCPNeedsTLS() throws {
        let dir = FileManager.default.temporaryDirectory.path + "/dnet-tcp-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let refused = try runProgram(DaemonUnderTest.dnetPath, ["daemon", "--data-root", dir, "-H", "tcp://0.0.0.0:23750"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refusing to listen on tcp://0.0.0.0:23750 without TLS"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/dnet.db"), "nothing started")
    }
}
