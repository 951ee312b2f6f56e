import CDNS
import Glibc

/// The resident server's event loop: one thread, epoll, non-blocking sockets. It answers on
/// the UDP and TCP sockets the controller handed it (one pair per container namespace; the
/// socket a query arrives on tells who asks), forwards other names upstream from the host's
/// namespace, and takes table changes on its control socket.
///
/// Fairness and bounds: each round (one `epoll_wait`) takes from each ready socket only the
/// datagrams already queued there (at most `udpBatch`), reading them all before answering
/// any, so a client whose answer comes back at once cannot slip its next query in ahead of
/// the others; a flooding container fills only its own socket buffer. Forwards and TCP
/// connections are capped per container and in all; buffers are bounded.
public final class DNSServer {
    /// Bounds on what one container, and all of them, may hold.
    public struct Limits: Sendable {
        /// Datagrams taken from one UDP socket per round.
        public var udpBatch = 32
        public var forwardsPerContainer = 64
        public var forwards = 1024
        public var tcpPerContainer = 16
        public var tcp = 256
        /// Bytes a TCP client may have waiting in each direction before it is not read from.
        public var tcpBuffer = 16_384
        public var upstreamTimeoutMs: Int64 = 2500
        public var tcpIdleMs: Int64 = 10_000
        public init() {}
    }

    /// A container's pair of sockets. They are polled once attached: when the container's
    /// records are known (sockets may come ahead of the update that names their container;
    /// a query arriving in between waits in the socket for the right answer).
    final class Served {
        let id: String
        let udp: Int32
        let tcp: Int32
        var querier: DNSResolver.Querier?
        var attached = false
        var forwards = 0
        var tcpClients = 0
        var closed = false
        /// The namespace the sockets are in, as `/run/netns/NAME` and its inode when given.
        var namespace: (path: String, inode: UInt64)?

        init(id: String, udp: Int32, tcp: Int32) {
            self.id = id
            self.udp = udp
            self.tcp = tcp
        }
    }

    final class TCPClient {
        let fd: Int32
        let served: Served
        var input: [UInt8] = []
        var output: [UInt8] = []
        var busy = false
        var closed = false
        var lastActive: Int64

        init(fd: Int32, served: Served, now: Int64) {
            self.fd = fd
            self.served = served
            lastActive = now
        }
    }

    enum Client {
        case udp(Served, sockaddr_in)
        case tcp(TCPClient)

        var served: Served {
            switch self {
            case .udp(let served, _): return served
            case .tcp(let client): return client.served
            }
        }
    }

    final class Forward {
        let client: Client
        let packet: [UInt8]
        let query: DNSQuery
        let servers: [[UInt8]]
        let overTCP: Bool
        var index = -1
        var fd: Int32 = -1
        var deadline: Int64 = 0
        var buffer: [UInt8] = []
        var written = 0
        var connected = false
        /// Past the first attempt: its end may resume a TCP client's reading.
        var waiting = false

        init(client: Client, packet: [UInt8], query: DNSQuery, servers: [[UInt8]], overTCP: Bool) {
            self.client = client
            self.packet = packet
            self.query = query
            self.servers = servers
            self.overTCP = overTCP
        }
    }

    final class ControlConnection {
        let fd: Int32
        var input: [UInt8] = []
        var output: [UInt8] = []
        /// The stream offset just past the last byte received (`input` holds the bytes not
        /// yet taken as frames, so the next frame starts at `received - input.count`).
        var received = 0
        /// Descriptors as they came, each group with `received` after the read that brought
        /// it. The kernel ends a read with the message that carries descriptors, and a sender
        /// attaches them to a frame's first bytes, so a group belongs to the frame whose
        /// bytes (start, end] hold its offset.
        var fdGroups: [(end: Int, fds: [Int32])] = []

        init(fd: Int32) { self.fd = fd }

        /// The descriptors that came with the frame ending at stream offset `end` (earlier
        /// frames took theirs).
        func takeFDs(through end: Int) -> [Int32] {
            var taken: [Int32] = []
            while let group = fdGroups.first, group.end <= end { taken += fdGroups.removeFirst().fds }
            return taken
        }
    }

    enum Slot {
        case controlListener
        case control(ControlConnection)
        case udp(Served)
        case tcpListener(Served)
        case tcpClient(TCPClient)
        case forward(Forward)
    }

    private let epoll: Int32
    private let limits: Limits
    private var slots: [Slot?] = []
    private let resolver = DNSResolver()
    private var served: [String: Served] = [:]
    private var forwards: [Int32: Forward] = [:]
    private var tcpClients: [Int32: TCPClient] = [:]
    private let hostNameservers: HostNameservers
    private let controlUID: uid_t
    private let receive: UnsafeMutableRawBufferPointer
    /// One socket's queued datagrams, read before any is answered: `udpBatch` slots of
    /// `udpSlot` bytes, with their lengths and senders.
    private let udpSlots: Int
    private let batch: UnsafeMutableRawBufferPointer
    private let batchLengths: UnsafeMutablePointer<Int>
    private let batchSenders: UnsafeMutablePointer<sockaddr_in>
    /// Larger than any query a resolver sends over UDP: such a datagram is not worth an answer.
    private static let udpSlot = 4096
    private var running = true
    private var now: Int64 = dnsc_now_ms()

    /// A server taking control connections on `controlFD` (a listening unix socket) from
    /// processes of `controlUID` (and root).
    public init(controlFD: Int32, controlUID: uid_t, resolvConf: String = "/etc/resolv.conf", limits: Limits = Limits()) throws(DNSError) {
        let ep = dnsc_epoll_create()
        guard ep >= 0 else { throw DNSError("cannot create an epoll instance: \(String(cString: strerror(-ep)))") }
        epoll = ep
        self.limits = limits
        self.controlUID = controlUID
        hostNameservers = HostNameservers(path: resolvConf)
        receive = .allocate(byteCount: 65_536 + 4, alignment: 8)
        udpSlots = max(1, limits.udpBatch)
        batch = .allocate(byteCount: udpSlots * Self.udpSlot, alignment: 8)
        batchLengths = .allocate(capacity: udpSlots)
        batchSenders = .allocate(capacity: udpSlots)
        register(controlFD, .controlListener, events: 1)
    }

    deinit {
        receive.deallocate()
        batch.deallocate()
        batchLengths.deallocate()
        batchSenders.deallocate()
    }

    /// Serves until a `stop` request.
    public func run() {
        let capacity = 256
        var fds = [Int32](repeating: 0, count: capacity)
        var events = [UInt32](repeating: 0, count: capacity)
        var nextSweep: Int64 = 0
        var nextNamespaceCheck: Int64 = 0
        while running {
            let idle = forwards.isEmpty && tcpClients.isEmpty
            let n = dnsc_epoll_wait(epoll, &fds, &events, Int32(capacity), idle ? 5000 : 100)
            now = dnsc_now_ms()
            if n < 0 && n != -EINTR { break }
            for i in 0..<max(0, Int(n)) {
                dispatch(fds[i], events[i])
                if !running { break }
            }
            if now >= nextSweep {
                sweep()
                nextSweep = now + 100
            }
            if now >= nextNamespaceCheck {
                releaseUnnamedNamespaces()
                nextNamespaceCheck = now + 5000
            }
        }
    }

    // MARK: - Slots

    private func register(_ fd: Int32, _ slot: Slot, events: UInt32) {
        let index = Int(fd)
        if index >= slots.count { slots.append(contentsOf: repeatElement(nil, count: index - slots.count + 64)) }
        slots[index] = slot
        _ = dnsc_epoll_add(epoll, fd, events)
    }

    private func unregister(_ fd: Int32) {
        guard fd >= 0, Int(fd) < slots.count else { return }
        slots[Int(fd)] = nil
        _ = dnsc_epoll_del(epoll, fd)
        close(fd)
    }

    private func dispatch(_ fd: Int32, _ events: UInt32) {
        guard Int(fd) < slots.count, let slot = slots[Int(fd)] else { return }
        switch slot {
        case .controlListener: acceptControl(fd)
        case .control(let connection): controlEvent(connection, events)
        case .udp(let served): readUDP(served)
        case .tcpListener(let served): acceptTCP(served)
        case .tcpClient(let client): tcpEvent(client, events)
        case .forward(let forward): forwardEvent(forward, events)
        }
    }

    // MARK: - UDP

    private func readUDP(_ served: Served) {
        var count = 0
        for _ in 0..<udpSlots {
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let n = (batchSenders + count).withMemoryRebound(to: sockaddr.self, capacity: 1) {
                recvfrom(served.udp, batch.baseAddress! + count * Self.udpSlot, Self.udpSlot, Int32(MSG_DONTWAIT | MSG_TRUNC), $0, &length)
            }
            guard n >= 0 else { break }
            guard n <= Self.udpSlot else { continue }
            batchLengths[count] = n
            count += 1
        }
        for i in 0..<count {
            let start = i * Self.udpSlot
            _ = handle(UnsafeRawBufferPointer(rebasing: batch[start..<(start + batchLengths[i])]), from: .udp(served, batchSenders[i]))
            if served.closed { return }
        }
    }

    private func reply(_ bytes: [UInt8], to client: Client) {
        switch client {
        case .udp(let served, var address):
            guard !served.closed else { return }
            _ = bytes.withUnsafeBytes { buffer in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(served.udp, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL), $0,
                               socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
        case .tcp(let client):
            guard !client.closed else { return }
            client.output.append(UInt8(bytes.count >> 8))
            client.output.append(UInt8(bytes.count & 0xFF))
            client.output.append(contentsOf: bytes)
            flushTCP(client)
        }
    }

    // MARK: - Answering

    /// Answers or forwards one packet; true when an answer is still to come from upstream.
    private func handle(_ packet: UnsafeRawBufferPointer, from client: Client) -> Bool {
        let query: DNSQuery
        do {
            query = try DNSQuery.parse(packet)
        } catch {
            if case .answer(let rcode) = error {
                reply(DNSResponse.bare(id: DNSWire.u16(packet, 0), flags: DNSWire.u16(packet, 2), rcode: rcode), to: client)
            }
            return false
        }
        let served = client.served
        var answer = DNSResolver.Answer.forward
        if let querier = served.querier, query.qclass == DNSWire.classIN || query.qclass == 255 {
            answer = resolver.answer(name: query.name, type: query.type, for: querier)
        }
        let limit: Int
        if case .tcp = client { limit = 65_535 } else { limit = query.udpLimit }
        switch answer {
        case .addresses(let addresses):
            var response = DNSResponse(answering: query, packet: packet, rcode: DNSWire.noError, limit: limit)
            for address in addresses where !response.addAddress(address) { break }
            reply(response.finish(), to: client)
        case .noData:
            reply(DNSResponse(answering: query, packet: packet, rcode: DNSWire.noError, limit: limit).finish(), to: client)
        case .pointer(let target):
            var response = DNSResponse(answering: query, packet: packet, rcode: DNSWire.noError, limit: limit)
            _ = response.addPointer(to: target)
            reply(response.finish(), to: client)
        case .forward:
            return startForward(query: query, packet: packet, client: client)
        }
        return false
    }

    private func fail(_ query: DNSQuery, _ packet: UnsafeRawBufferPointer, to client: Client) {
        reply(DNSResponse(answering: query, packet: packet, rcode: DNSWire.servFail, limit: 512).finish(), to: client)
    }

    // MARK: - Forwarding

    private func startForward(query: DNSQuery, packet: UnsafeRawBufferPointer, client: Client) -> Bool {
        let served = client.served
        var servers = served.querier?.dnsServers ?? []
        if servers.isEmpty { servers = resolver.dnsServers }
        if servers.isEmpty { servers = hostNameservers.current(now: now) }
        guard !servers.isEmpty else {
            fail(query, packet, to: client)
            return false
        }
        guard served.forwards < limits.forwardsPerContainer, forwards.count < limits.forwards else {
            // Over its share: UDP clients retry; a TCP client waits on one query at a time.
            if case .tcp = client { fail(query, packet, to: client) }
            return false
        }
        var overTCP = false
        if case .tcp = client { overTCP = true }
        let forward = Forward(client: client, packet: Array(packet), query: query, servers: servers, overTCP: overTCP)
        served.forwards += 1
        tryNextServer(forward)
        forward.waiting = true
        return forward.fd >= 0
    }

    /// Sends the query to the next upstream; when none is left, answers SERVFAIL.
    private func tryNextServer(_ forward: Forward) {
        if forward.fd >= 0 {
            forwards[forward.fd] = nil
            unregister(forward.fd)
            forward.fd = -1
        }
        while forward.index + 1 < forward.servers.count {
            forward.index += 1
            let server = forward.servers[forward.index]
            let fd = server.withUnsafeBufferPointer { dnsc_connect($0.baseAddress, Int32(server.count), 53, forward.overTCP ? 1 : 0) }
            guard fd >= 0 else { continue }
            forward.deadline = now + limits.upstreamTimeoutMs
            if forward.overTCP {
                forward.buffer = [UInt8(forward.packet.count >> 8), UInt8(forward.packet.count & 0xFF)] + forward.packet
                forward.written = 0
                forward.connected = false
                forward.fd = fd
                forwards[fd] = forward
                register(fd, .forward(forward), events: 4)
                return
            }
            let sent = forward.packet.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
            guard sent == forward.packet.count else { close(fd); continue }
            forward.fd = fd
            forwards[fd] = forward
            register(fd, .forward(forward), events: 1)
            return
        }
        finishForward(forward, answer: nil)
    }

    private func finishForward(_ forward: Forward, answer: [UInt8]?) {
        if forward.fd >= 0 {
            forwards[forward.fd] = nil
            unregister(forward.fd)
            forward.fd = -1
        }
        forward.client.served.forwards -= 1
        if let answer {
            reply(answer, to: forward.client)
        } else {
            forward.packet.withUnsafeBytes { fail(forward.query, $0, to: forward.client) }
        }
        if forward.waiting, case .tcp(let client) = forward.client, !client.closed {
            client.busy = false
            processTCP(client)
        }
    }

    private func forwardEvent(_ forward: Forward, _ events: UInt32) {
        if forward.overTCP { return forwardTCPEvent(forward, events) }
        let n = recv(forward.fd, receive.baseAddress, 65_536, Int32(MSG_DONTWAIT))
        if n < 0 {
            if errno == EAGAIN || errno == EINTR { return }
            return tryNextServer(forward)  // e.g. ICMP port unreachable
        }
        let packet = UnsafeRawBufferPointer(rebasing: receive[0..<n])
        guard answers(packet, forward.query) else { return }  // not ours: keep waiting
        let rcode = packet[3] & 0xF
        if (rcode == DNSWire.servFail || rcode == DNSWire.refused) && forward.index + 1 < forward.servers.count {
            return tryNextServer(forward)
        }
        finishForward(forward, answer: Array(packet))
    }

    private func forwardTCPEvent(_ forward: Forward, _ events: UInt32) {
        if !forward.connected {
            var error: Int32 = 0
            var length = socklen_t(4)
            getsockopt(forward.fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 || events & 0x18 != 0 { return tryNextServer(forward) }
            guard events & 4 != 0 else { return }  // still connecting
            forward.connected = true
        }
        if forward.written < forward.buffer.count {
            let n = forward.buffer.withUnsafeBytes {
                send(forward.fd, $0.baseAddress! + forward.written, $0.count - forward.written, Int32(MSG_DONTWAIT | MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { return }
                return tryNextServer(forward)
            }
            forward.written += n
            if forward.written == forward.buffer.count {
                forward.buffer = []
                _ = dnsc_epoll_mod(epoll, forward.fd, 1)
            }
            return
        }
        let n = recv(forward.fd, receive.baseAddress, 65_536, Int32(MSG_DONTWAIT))
        if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
        guard n > 0 else { return tryNextServer(forward) }
        forward.buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: receive[0..<n]))
        guard forward.buffer.count >= 2 else { return }
        let length = Int(forward.buffer[0]) << 8 | Int(forward.buffer[1])
        guard forward.buffer.count >= 2 + length else { return }
        let answer = Array(forward.buffer[2..<(2 + length)])
        let valid = answer.withUnsafeBytes { answers($0, forward.query) }
        guard valid else { return tryNextServer(forward) }
        let rcode = answer[3] & 0xF
        if (rcode == DNSWire.servFail || rcode == DNSWire.refused) && forward.index + 1 < forward.servers.count {
            return tryNextServer(forward)
        }
        finishForward(forward, answer: answer)
    }

    /// Whether `packet` is a response to `query`: same id, same question.
    private func answers(_ packet: UnsafeRawBufferPointer, _ query: DNSQuery) -> Bool {
        guard packet.count >= DNSWire.headerSize, DNSWire.u16(packet, 0) == query.id, packet[2] & 0x80 != 0 else { return false }
        guard DNSWire.u16(packet, 4) == 1 else { return DNSWire.u16(packet, 4) == 0 }
        guard let (name, end) = try? DNSWire.readName(packet, at: DNSWire.headerSize), end + 4 <= packet.count else { return false }
        return name == query.name && DNSWire.u16(packet, end) == query.type
    }

    // MARK: - TCP clients

    private func acceptTCP(_ served: Served) {
        while true {
            let fd = dnsc_accept(served.tcp)
            guard fd >= 0 else { return }
            guard served.tcpClients < limits.tcpPerContainer, tcpClients.count < limits.tcp else {
                close(fd)
                continue
            }
            let client = TCPClient(fd: fd, served: served, now: now)
            served.tcpClients += 1
            tcpClients[fd] = client
            register(fd, .tcpClient(client), events: 1)
        }
    }

    private func tcpEvent(_ client: TCPClient, _ events: UInt32) {
        client.lastActive = now
        if events & 4 != 0 {
            flushTCP(client)
            if !client.closed && !client.busy && !client.input.isEmpty { processTCP(client) }
        }
        if client.closed || events & 1 == 0 && events & 0x18 == 0 { return }
        guard !client.busy else { return }
        let n = recv(client.fd, receive.baseAddress, limits.tcpBuffer, Int32(MSG_DONTWAIT))
        if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
        guard n > 0 else { return closeTCP(client) }
        client.input.append(contentsOf: UnsafeRawBufferPointer(rebasing: receive[0..<n]))
        processTCP(client)
    }

    private func processTCP(_ client: TCPClient) {
        while !client.busy && !client.closed && client.input.count >= 2 && client.output.count <= limits.tcpBuffer {
            let length = Int(client.input[0]) << 8 | Int(client.input[1])
            guard length >= DNSWire.headerSize else { return closeTCP(client) }
            guard client.input.count >= 2 + length else { break }
            let message = Array(client.input[2..<(2 + length)])
            client.input.removeFirst(2 + length)
            client.busy = message.withUnsafeBytes { handle($0, from: .tcp(client)) }
        }
        updateTCPInterest(client)
    }

    private func flushTCP(_ client: TCPClient) {
        while !client.output.isEmpty {
            let n = client.output.withUnsafeBytes { send(client.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { break }
                return closeTCP(client)
            }
            client.output.removeFirst(n)
        }
        updateTCPInterest(client)
    }

    private func updateTCPInterest(_ client: TCPClient) {
        guard !client.closed else { return }
        // A client that does not read its answers is not read from either.
        let events: UInt32 = (client.busy || client.output.count > limits.tcpBuffer || client.input.count > 65_537 ? 0 : 1)
            | (client.output.isEmpty ? 0 : 4)
        _ = dnsc_epoll_mod(epoll, client.fd, events)
    }

    private func closeTCP(_ client: TCPClient) {
        guard !client.closed else { return }
        client.closed = true
        client.served.tcpClients -= 1
        tcpClients[client.fd] = nil
        unregister(client.fd)
    }

    // MARK: - Timers

    /// A served container whose namespace lost its name (deleted behind the engine's back, or
    /// by an engine that did not tell this process) is let go, so that these sockets do not
    /// keep the namespace alive. With nobody left to serve, the process ends: nothing would
    /// ever reach it (an engine starts another when it needs one).
    private func releaseUnnamedNamespaces() {
        var released = false
        for entry in Array(served.values) {
            guard let namespace = entry.namespace else { continue }
            var info = stat()
            if stat(namespace.path, &info) != 0 || UInt64(info.st_ino) != namespace.inode {
                closeServed(entry.id)
                released = true
            }
        }
        if released && served.isEmpty { running = false }
    }

    private func sweep() {
        for forward in forwards.values where forward.deadline <= now {
            tryNextServer(forward)
        }
        for client in tcpClients.values where !client.busy && now - client.lastActive > limits.tcpIdleMs {
            closeTCP(client)
        }
    }

    // MARK: - Control

    private func acceptControl(_ listener: Int32) {
        while true {
            let fd = dnsc_accept(listener)
            guard fd >= 0 else { return }
            let uid = dnsc_peer_uid(fd)
            guard uid == 0 || uid == Int(controlUID) else {
                close(fd)
                continue
            }
            register(fd, .control(ControlConnection(fd: fd)), events: 1)
        }
    }

    private func controlEvent(_ connection: ControlConnection, _ events: UInt32) {
        if events & 4 != 0 { flushControl(connection) }
        guard events & 0x19 != 0 else { return }
        for _ in 0..<16 {
            var got = [Int32](repeating: -1, count: 8)
            var count: Int32 = 0
            let n = dnsc_recv_with_fds(connection.fd, receive.baseAddress, 65_536, &got, 8, &count)
            if n > 0 { connection.received += n }
            if count > 0 { connection.fdGroups.append((connection.received, Array(got[0..<Int(count)]))) }
            if n == -Int(EAGAIN) { break }
            guard n > 0 else { return closeControl(connection) }
            connection.input.append(contentsOf: UnsafeRawBufferPointer(rebasing: receive[0..<n]))
            while connection.input.count >= 4 {
                let length = connection.input[0..<4].reduce(0) { $0 << 8 | Int($1) }
                guard length <= ControlProtocol.maxFrame else { return closeControl(connection) }
                guard connection.input.count >= 4 + length else { break }
                let body = Array(connection.input[4..<(4 + length)])
                connection.input.removeFirst(4 + length)
                var fds = connection.takeFDs(through: connection.received - connection.input.count)
                let answer = perform(body, fds: &fds)
                fds.forEach { close($0) }
                connection.output.append(contentsOf: ControlProtocol.frame(answer))
                flushControl(connection)
                if !running { return }
            }
        }
    }

    private func flushControl(_ connection: ControlConnection) {
        while !connection.output.isEmpty {
            let n = connection.output.withUnsafeBytes { send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { break }
                return closeControl(connection)
            }
            connection.output.removeFirst(n)
        }
        _ = dnsc_epoll_mod(epoll, connection.fd, connection.output.isEmpty ? 1 : 5)
    }

    private func closeControl(_ connection: ControlConnection) {
        for group in connection.fdGroups { group.fds.forEach { close($0) } }
        connection.fdGroups = []
        unregister(connection.fd)
    }

    /// Carries out one control request; returns the reply text. It takes what it keeps of
    /// `fds`, the descriptors that came with it; the caller closes the rest.
    private func perform(_ body: [UInt8], fds: inout [Int32]) -> String {
        let lines = ControlProtocol.lines(body)
        guard let command = lines.first, let word = command.first else { return "error\tempty request" }
        do {
            switch word {
            case "hello":
                return "ok\t\(getpid())"
            case "table", "update":
                let (containers, servers) = try ControlProtocol.decode(lines.dropFirst())
                if word == "table" {
                    resolver.replace(with: DNSTable(containers: containers, dnsServers: servers ?? []))
                    for id in Array(served.keys) where resolver.querier(id: id) == nil { closeServed(id) }
                    for entry in served.values { attach(entry) }
                } else {
                    if let servers { resolver.setServers(servers) }
                    // Only the containers named change: their queriers are new, the others' stay.
                    for container in containers {
                        resolver.upsert(container)
                        if let entry = served[container.id] { attach(entry) }
                    }
                }
                var reply = "ok\t\(resolver.count)\n"
                for container in containers where served[container.id] == nil { reply += "need\t\(container.id)\n" }
                return reply
            case "remove":
                for id in command.dropFirst() {
                    resolver.remove(id: id)
                    closeServed(id)
                }
                return "ok\t\(resolver.count)"
            case "sockets":
                guard command.count == 2 || command.count == 4, fds.count == 2 else {
                    return "error\tsockets request without a container id and two sockets"
                }
                let id = command[1]
                closeServed(id)
                let entry = Served(id: id, udp: fds[0], tcp: fds[1])
                fds = []
                if command.count == 4, let inode = UInt64(command[3]) { entry.namespace = (command[2], inode) }
                served[id] = entry
                // Known already: served at once; else when the update that names it comes.
                if resolver.querier(id: id) != nil { attach(entry) }
                return "ok"
            case "status":
                return "ok\t\(getpid())\t\(resolver.count)\t\(served.count)\t\(residentKiB())"
            case "stop":
                running = false
                return "ok"
            default:
                return "error\tunknown request \"\(word)\""
            }
        } catch {
            return "error\t\(error.description)"
        }
    }

    /// Points `entry` at its container's current records, and starts polling its sockets.
    private func attach(_ entry: Served) {
        entry.querier = resolver.querier(id: entry.id)
        guard !entry.attached, entry.querier != nil else { return }
        entry.attached = true
        register(entry.udp, .udp(entry), events: 1)
        register(entry.tcp, .tcpListener(entry), events: 1)
    }

    private func closeServed(_ id: String) {
        guard let entry = served.removeValue(forKey: id) else { return }
        entry.closed = true
        if entry.attached {
            unregister(entry.udp)
            unregister(entry.tcp)
        } else {
            close(entry.udp)
            close(entry.tcp)
        }
        for client in tcpClients.values where client.served === entry { closeTCP(client) }
    }

    /// Resident memory of this process in KiB (from /proc/self/statm).
    private func residentKiB() -> Int {
        guard let text = readFile("/proc/self/statm") else { return 0 }
        let fields = text.split(separator: 0x20)
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
    }
}
