import CDNS
@testable import DnetDNS
import Foundation
import Testing

/// The server's control requests, in this process and without root: a `DNSServer` on a
/// thread of its own, fed over its control socket as the engine feeds it, serving
/// "containers" whose sockets are plain loopback sockets of this namespace.
@Suite struct ServerControlTests {
    @Test func socketsSentAheadOfTheirUpdateAreServedOnceItComes() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let c1 = try LoopbackSockets()
        // Back to back, no answer read in between, as the engine sends them.
        try server.send("sockets\t\(id(1))", fds: [c1.udp, c1.tcp])
        try server.send("update\ncontainer\t\(id(1))\tc1\nendpoint\tfront\t10.9.0.2\tfd00:9::2\tweb\n")
        #expect(try server.receive() == [["ok"]])
        #expect(try server.receive() == [["ok", "1"]])  // no `need`: it has its sockets
        #expect(try c1.ask("c1") == ["10.9.0.2"])
        #expect(try c1.ask("WEB.front", type: DNSWire.typeAAAA) == ["fd00:9::2"])
        #expect(try c1.ask("c1", overTCP: true) == ["10.9.0.2"])
        #expect(try server.request("status")[0][3] == "1")
    }

    @Test func aQueryArrivingBeforeItsContainersUpdateWaitsForIt() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let c1 = try LoopbackSockets()
        #expect(try server.request("sockets\t\(id(1))", fds: [c1.udp, c1.tcp]) == [["ok"]])
        // Not answered from records it does not have yet (nor sent upstream): it waits.
        try c1.send(queryPacket(id: 7, name: "c1"))
        #expect(c1.answer(within: 300) == nil)
        #expect(try server.request("update\ncontainer\t\(id(1))\tc1\nendpoint\tfront\t10.9.0.2\t-\n") == [["ok", "1"]])
        let answer = try #require(c1.answer(within: 2000))
        #expect(answer.id == 7 && answer.addresses == ["10.9.0.2"])
    }

    @Test func anUpdateAsksSocketsOnlyForContainersStillWithoutAndChangesOnlyThem() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let (c1, c2) = (try LoopbackSockets(), try LoopbackSockets())
        let table = """
            table
            container\t\(id(1))\tc1
            endpoint\tfront\t10.9.0.2\t-
            container\t\(id(2))\tc2
            endpoint\tfront\t10.9.0.3\t-
            container\t\(id(3))\tc3
            endpoint\tback\t10.8.0.2\t-

            """
        #expect(try server.request(table) == [["ok", "3"], ["need", id(1)], ["need", id(2)], ["need", id(3)]])
        #expect(try server.request("sockets\t\(id(1))", fds: [c1.udp, c1.tcp]) == [["ok"]])
        #expect(try server.request("sockets\t\(id(2))", fds: [c2.udp, c2.tcp]) == [["ok"]])
        #expect(try c1.ask("c3").isEmpty)  // not on front: forwarded, and nobody upstream

        // c1 joins back and takes an alias; c3 is named too, still without sockets.
        let update = """
            update
            container\t\(id(1))\tc1
            endpoint\tfront\t10.9.0.2\t-\tapi
            endpoint\tback\t10.8.0.9\t-
            container\t\(id(3))\tc3
            endpoint\tback\t10.8.0.2\t-\tdb

            """
        #expect(try server.request(update) == [["ok", "3"], ["need", id(3)]])
        #expect(try c1.ask("db") == ["10.8.0.2"])
        #expect(try c1.ask("c3.back") == ["10.8.0.2"])
        // c2, not named, keeps its records and sees c1's change.
        #expect(try c2.ask("api") == ["10.9.0.2"])
        #expect(try c2.ask("db").isEmpty)
        // A table replaces everything: c2 is gone from it, so are its sockets.
        let smaller = "table\ncontainer\t\(id(1))\tc1\nendpoint\tfront\t10.9.0.2\t-\n"
        #expect(try server.request(smaller) == [["ok", "1"]])
        #expect(try c1.ask("api").isEmpty)
        #expect(try server.request("status")[0][3] == "1")
    }

    @Test func descriptorsBelongToTheFrameTheyCameWith() throws {
        let server = try ServerHarness()
        defer { server.stop() }
        let stray = try LoopbackSockets(), c1 = try LoopbackSockets()
        // Descriptors on a frame that has no use for them are not handed to the next one.
        try server.send("hello", fds: [stray.udp, stray.tcp])
        try server.send("sockets\t\(id(1))")
        #expect(try server.receive().first?.first == "ok")
        #expect(try server.receive() == [["error", "sockets request without a container id and two sockets"]])
        try server.send("update\ncontainer\t\(id(1))\tc1\nendpoint\tfront\t10.9.0.2\t-\n")
        try server.send("sockets\t\(id(1))", fds: [c1.udp, c1.tcp])
        #expect(try server.receive() == [["ok", "1"], ["need", id(1)]])
        #expect(try server.receive() == [["ok"]])
        #expect(try c1.ask("c1") == ["10.9.0.2"])
        #expect(try stray.ask("c1", timeout: 300).isEmpty)
    }
}

/// A `DNSServer` running on a thread, and a control connection to it.
final class ServerHarness: @unchecked Sendable {
    private let directory: String
    private let control: Int32
    private let thread: Thread
    private let done = DispatchSemaphore(value: 0)

    init() throws {
        directory = NSTemporaryDirectory() + "dnet-dns-server-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/control.sock"
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        var address = try unixAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 4) == 0 else { throw DNSError("cannot listen on \(path)") }
        // No upstream at all: a name it does not know gets SERVFAIL at once.
        let server = try DNSServer(controlFD: listener, controlUID: getuid(), resolvConf: directory + "/no-resolv.conf")
        let done = self.done
        thread = Thread {
            server.run()
            close(listener)
            done.signal()
        }
        thread.start()
        control = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(control, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw DNSError("cannot connect to \(path)") }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(control, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends one frame, with descriptors on its first bytes (as the engine's controller does).
    func send(_ text: String, fds: [Int32] = []) throws {
        let frame = ControlProtocol.frame(text)
        let n = frame.withUnsafeBytes { raw in
            fds.withUnsafeBufferPointer { dnsc_send_with_fds(control, raw.baseAddress, raw.count, $0.baseAddress, Int32(fds.count)) }
        }
        guard n == frame.count else { throw DNSError("control frame not sent: \(n)") }
    }

    /// Reads one answer frame: its lines, split into fields.
    func receive() throws -> [[String]] {
        let head = try read(4)
        let length = head.reduce(0) { $0 << 8 | Int($1) }
        return ControlProtocol.lines(try read(length))
    }

    func request(_ text: String, fds: [Int32] = []) throws -> [[String]] {
        try send(text, fds: fds)
        return try receive()
    }

    private func read(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out.withUnsafeMutableBytes { recv(control, $0.baseAddress! + got, count - got, 0) }
            guard n > 0 else { throw DNSError("no answer from the server") }
            got += n
        }
        return out
    }

    func stop() {
        _ = try? request("stop")
        close(control)
        _ = done.wait(timeout: .now() + 5)
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A "container's" UDP socket and listening TCP socket on 127.0.0.1, and a client of them.
final class LoopbackSockets {
    let udp: Int32
    let tcp: Int32
    private let client: Int32
    private var server = sockaddr_in()
    private var nextID: UInt16 = 1

    init() throws {
        udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue), 0)
        client = socket(AF_INET, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        server.sin_family = sa_family_t(AF_INET)
        server.sin_addr.s_addr = inet_addr("127.0.0.1")
        guard Self.bind(udp, &server) == 0 else { throw DNSError("cannot bind a UDP socket") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &server) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(udp, $0, &length) } }
        guard Self.bind(tcp, &server) == 0, listen(tcp, 8) == 0 else { throw DNSError("cannot listen on TCP") }
    }

    deinit {
        close(udp)
        close(tcp)
        close(client)
    }

    private static func bind(_ fd: Int32, _ address: inout sockaddr_in) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    func send(_ packet: [UInt8]) throws {
        let n = packet.withUnsafeBytes { raw in
            withUnsafePointer(to: &server) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(client, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard n == packet.count else { throw DNSError("query not sent") }
    }

    /// The next answer on the client socket within `milliseconds`: its id and addresses.
    func answer(within milliseconds: Int32) -> (id: UInt16, addresses: [String])? {
        var poller = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, 4096, 0) }
        guard n >= 12 else { return nil }
        let packet = Array(buffer[0..<n])
        return (UInt16(packet[0]) << 8 | UInt16(packet[1]), Self.addresses(in: packet))
    }

    /// The A or AAAA addresses of the answer to `name` (none for an error or no answer).
    func ask(_ name: String, type: UInt16 = DNSWire.typeA, overTCP: Bool = false, timeout: Int32 = 2000) throws -> [String] {
        nextID &+= 1
        let query = queryPacket(id: nextID, name: name, type: type)
        if overTCP { return try askOverTCP(query) }
        try send(query)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout) * 1_000_000
        while DispatchTime.now().uptimeNanoseconds < deadline {
            guard let answer = answer(within: timeout) else { break }
            if answer.id == nextID { return answer.addresses }
        }
        return []
    }

    private func askOverTCP(_ query: [UInt8]) throws -> [String] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(tcp, $0, &length) } }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw DNSError("cannot connect over TCP") }
        let framed = [UInt8(query.count >> 8), UInt8(query.count & 0xFF)] + query
        _ = framed.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
        var input: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while input.count < 2 || input.count < 2 + (Int(input[0]) << 8 | Int(input[1])) {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
            guard n > 0 else { return [] }
            input += chunk[0..<n]
        }
        return Self.addresses(in: Array(input[2...]))
    }

    /// A and AAAA records of a response to a one-question query, as text.
    static func addresses(in packet: [UInt8]) -> [String] {
        guard packet.count >= 12, packet[3] & 0xF == 0 else { return [] }
        let count = Int(packet[6]) << 8 | Int(packet[7])
        var offset = 12
        while offset < packet.count && packet[offset] != 0 { offset += Int(packet[offset]) + 1 }
        offset += 5
        var out: [String] = []
        for _ in 0..<count {
            guard offset + 12 <= packet.count else { break }
            let length = Int(packet[offset + 10]) << 8 | Int(packet[offset + 11])
            let rdata = Array(packet[(offset + 12)..<min(packet.count, offset + 12 + length)])
            if rdata.count == 4 || rdata.count == 16 { out.append(DNSAddress.format(rdata)) }
            offset += 12 + length
        }
        return out
    }
}
