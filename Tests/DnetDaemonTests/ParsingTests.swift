import Testing
@testable import DnetDaemon

/// The daemon's parsing of addresses, paths and JSON, without a daemon (no root needed).
struct ParsingTests {
    @Test func hostAddresses() throws {
        #expect(try HostAddress.parse("unix:///run/x.sock") == .unix(path: "/run/x.sock"))
        #expect(try HostAddress.parse("unix://") == .unix(path: "/run/dnet.sock"))
        #expect(try HostAddress.parse("tcp://127.0.0.1:2375") == .tcp(host: "127.0.0.1", port: 2375))
        #expect(try HostAddress.parse("tcp://") == .tcp(host: "127.0.0.1", port: 2375))
        #expect(try HostAddress.parse("tcp://:9000", tls: true) == .tcp(host: "127.0.0.1", port: 9000))
        #expect(try HostAddress.parse("tcp://example.org", tls: true) == .tcp(host: "example.org", port: 2376))
        #expect(try HostAddress.parse("tcp://[::1]:2375") == .tcp(host: "::1", port: 2375))
        #expect(try HostAddress.parse("tcp://[::1]:2375").description == "tcp://[::1]:2375")
        #expect(throws: DaemonFailure.self) { try HostAddress.parse("tcp://h:99999") }
        #expect(throws: DaemonFailure.self) { try HostAddress.parse("ssh://h") }
        #expect(throws: DaemonFailure.self) { try HostAddress.parse("unix://relative") }
        #expect(HostAddress.tcp(host: "127.0.0.5", port: 1).isLoopback)
        #expect(!HostAddress.tcp(host: "0.0.0.0", port: 1).isLoopback)
        #expect(!HostAddress.tcp(host: "10.0.0.1", port: 1).isLoopback)
        #expect(HostAddress.tcp(host: "::ffff:127.0.0.1", port: 1).isLoopback)
        #expect(try HostAddress.parse("fd://") == .fd(descriptor: nil))
        #expect(try HostAddress.parse("fd://*") == .fd(descriptor: nil))
        #expect(try HostAddress.parse("fd://4") == .fd(descriptor: 4))
        #expect(try HostAddress.parse("fd://4").description == "fd://4")
        #expect(throws: DaemonFailure("failed to parse systemd fd address: should be a number of 3 or more: fd://x")) {
            try HostAddress.parse("fd://x")
        }
        #expect(throws: DaemonFailure.self) { try HostAddress.parse("fd://2") }
    }

    @Test func createBodyMapsOntoTheRunRequest() throws {
        let body = #"""
        {"Hostname":"h1","Domainname":"example.org","AttachStdout":true,"Env":["A=1"],"Cmd":["sleep","9"],
         "Image":"busybox","Labels":{"k":"v"},"ExposedPorts":{"80/tcp":{}},
         "HostConfig":{"NetworkMode":"n1","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}],
           "53/udp":[{"HostIp":"::1","HostPort":"5353"}]},"PublishAllPorts":true,"Dns":["9.9.9.9"],
           "DnsSearch":["s"],"DnsOptions":["ndots:2"],"ExtraHosts":["x:10.0.0.1"],"AutoRemove":true,
           "RestartPolicy":{"Name":"no","MaximumRetryCount":0},"MemorySwappiness":-1,"Privileged":false},
         "NetworkingConfig":{"EndpointsConfig":{"n1":{"Aliases":["web"],"IPAMConfig":{"IPv4Address":"10.1.0.5"},"Links":["c0:db"]}}}}
        """#
        let parsed = try ContainerCreateBody(Array(body.utf8), name: "/c1")
        let request = parsed.request
        #expect(parsed.image == "busybox")
        #expect(request.name == "c1" && request.hostname == "h1" && request.domainname == "example.org")
        #expect(request.command == ["env", "A=1", "--", "sleep", "9"])
        #expect(request.networks == ["n1"] && request.aliases == ["web"] && request.ipv4 == "10.1.0.5")
        #expect(request.links == ["c0:db"])
        #expect(request.publish == ["[::1]:5353:53/udp", "8080:80/tcp"] && request.publishAll)
        #expect(request.expose == ["80/tcp"] && request.labels == ["k": "v"])
        #expect(request.dns == ["9.9.9.9"] && request.dnsSearch == ["s"] && request.dnsOptions == ["ndots:2"])
        #expect(request.extraHosts == ["x:10.0.0.1"] && request.autoRemove)

        // A setting dnet cannot honour is refused, not dropped; MemorySwappiness -1 means unset.
        for (field, value) in [("Memory", "64"), ("MemorySwappiness", "60"), ("Binds", #"["/a:/b"]"#)] {
            #expect(throws: APIError.self) {
                try ContainerCreateBody(Array(#"{"HostConfig":{"\#(field)":\#(value)}}"#.utf8), name: nil)
            }
        }
        #expect(throws: APIError.self) {
            try ContainerCreateBody(Array(#"{"NetworkingConfig":{"EndpointsConfig":{"a":{},"b":{}}}}"#.utf8), name: nil)
        }
    }

    @Test func nonLoopbackNeedsVerifiedTLS() throws {
        let open = DaemonConfiguration(hosts: [.tcp(host: "0.0.0.0", port: 2375)], version: "0")
        #expect(throws: DaemonFailure.self) { try open.validate() }
        let unverified = DaemonConfiguration(hosts: [.tcp(host: "0.0.0.0", port: 2376)],
                                             tls: TLSFiles(verify: false, caCertificate: nil, certificate: "c", key: "k"), version: "0")
        #expect(throws: DaemonFailure.self) { try unverified.validate() }
        let verified = DaemonConfiguration(hosts: [.tcp(host: "0.0.0.0", port: 2376)],
                                           tls: TLSFiles(verify: true, caCertificate: "ca", certificate: "c", key: "k"), version: "0")
        try verified.validate()
        try DaemonConfiguration(hosts: [.unix(path: "/x"), .tcp(host: "127.0.0.1", port: 1)], version: "0").validate()
    }

    @Test func versionPrefixes() {
        #expect(APIRouter.splitVersion("/v1.41/networks")! == ("1.41", "/networks"))
        #expect(APIRouter.splitVersion("/v1.24")! == ("1.24", "/"))
        #expect(APIRouter.splitVersion("/networks") == nil)
        #expect(APIRouter.splitVersion("/vx.1/networks") == nil)
        #expect(APIRouter.refuse("1.41") == nil)
        #expect(APIRouter.refuse("1.12") == nil)
        #expect(APIRouter.refuse("1.50")?.message == "client version 1.50 is too new. Maximum supported API version is 1.41")
        #expect(APIRouter.refuse("1.9")?.status == 400)
    }

    @Test func routesAnswer404And405() {
        var router = APIRouter()
        router.add("GET", "/networks/*") { _, captures in .text(200, captures[0]) }
        router.add("POST", "/networks/create") { _, _ in .text(201, "made") }
        #expect(router.handle(HTTPRequest(method: "GET", path: "/v1.41/networks/n1")).body == Array("n1".utf8))
        #expect(router.handle(HTTPRequest(method: "HEAD", path: "/networks/n1")).status == 200)
        #expect(router.handle(HTTPRequest(method: "POST", path: "/networks/create")).status == 201)
        let wrong = router.handle(HTTPRequest(method: "PUT", path: "/networks/n1"))
        #expect(wrong.status == 405)
        #expect(wrong.headers.contains { $0.0 == "Allow" && $0.1 == "GET" })
        #expect(router.handle(HTTPRequest(method: "GET", path: "/nope")).status == 404)
        #expect(router.handle(HTTPRequest(method: "GET", path: "/networks/")).status == 404)
    }

    @Test func queries() {
        let (path, query) = HTTPConnection.splitTarget("/networks?filters=%7B%22a%22%3A1%7D&x=a+b&x=second&flag")
        #expect(path == "/networks")
        #expect(query == ["filters": "{\"a\":1}", "x": "a b", "flag": ""])
    }

    @Test func filterQueries() throws {
        #expect(try FilterQuery.pairs("{\"name\":{\"a\":true,\"b\":false},\"label\":[\"k=v\"]}") == ["name=a", "label=k=v"])
        #expect(try FilterQuery.pairs(nil) == [])
        #expect(throws: APIError.self) { try FilterQuery.pairs("{\"name\":{\"a\":1}}") }
        #expect(throws: APIError.self) { try FilterQuery.pairs("[]") }
    }

    @Test func strictJSON() throws {
        #expect(try JSONValue.parse(Array("{\"a\": [1, -2.5e3, true, null, \"\\u00e9\\ud83d\\ude00\"]}".utf8))
                == .object([("a", .array([.number(1), .number(-2500), .bool(true), .null, .string("é😀")]))]))
        #expect(try JSONValue.parse(Array("{\"a\":1,\"a\":2}".utf8)) == .object([("a", .number(2))]))
        for bad in ["", "{", "[1,]", "{\"a\"}", "01", "1.", "tru", "\"\u{1}\"", "\"\\x\"", "{} {}", "[" + String(repeating: "[", count: 100)] {
            #expect(throws: JSONValue.ParseError.self, "\(bad)") { try JSONValue.parse(Array(bad.utf8)) }
        }
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func typedFields() throws {
        let value = try JSONValue.parse(Array("{\"name\": \"n\", \"Internal\": true, \"Labels\": {\"k\": \"v\"}}".utf8))
        let fields = try JSONFields(value, typeName: "T", allowed: ["Name", "Internal", "Labels"])
        #expect(try fields.string("Name") == "n")
        #expect(try fields.bool("Internal") == true)
        #expect(try fields.stringMap("Labels") == ["k": "v"])
        #expect(throws: APIError.self) { try fields.string("Internal") }
        #expect(throws: APIError.self) { try JSONFields(value, typeName: "T", allowed: ["Name"]) }
    }
}
