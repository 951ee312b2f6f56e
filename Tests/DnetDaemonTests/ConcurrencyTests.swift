import Foundation
import Testing
import DnetDaemon

/// 20 clients at once, 25 rounds each of network create, connect, disconnect and rm, some of
/// them racing for the same names: the final state is exactly what the successful requests
/// add up to, and no request failed for any other reason than Docker's conflicts.
@Suite(.serialized, .enabled(if: Sandboxed.enabled))
struct ConcurrencyTests {
    /// What one client saw succeed.
    struct Tally {
        var created: [String] = []
        var connected: Set<String> = []
        var disconnected: Set<String> = []
        var removed: [String] = []
        var unexpected: [String] = []
    }

    @Test func twentyClientsTwentyFiveRounds() throws {
        let daemon = try DaemonUnderTest()
        defer { daemon.finish() }
        #expect(daemon.dnet(["run", "-d", "--name", "cc"]).status == 0)
        let lock = NSLock()
        var tallies: [Tally] = []
        DispatchQueue.concurrentPerform(iterations: 20) { client in
            var tally = Tally()
            defer { lock.lock(); tallies.append(tally); lock.unlock() }
            guard let http = try? DaemonClient(address: .unix(path: daemon.socket)) else {
                tally.unexpected.append("client \(client): no connection")
                return
            }
            func send(_ method: String, _ path: String, _ body: String?, _ allowed: [Int]) -> Int {
                guard let answer = try? http.send(method, path, body: body.map { Array($0.utf8) }) else {
                    tally.unexpected.append("\(method) \(path): no answer")
                    return 0
                }
                if !allowed.contains(answer.status) {
                    tally.unexpected.append("\(method) \(path) \(body ?? ""): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
                }
                return answer.status
            }
            for round in 0..<25 {
                let own = "n-\(client)-\(round)"
                let create = "{\"Name\":\"\(own)\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.\(client + 100).\(round).0/24\"}]}}"
                if send("POST", "/v1.41/networks/create", create, [201]) == 201 { tally.created.append(own) }
                if round % 2 == 0,
                   send("POST", "/v1.41/networks/\(own)/connect", "{\"Container\":\"cc\"}", [200]) == 200 {
                    tally.connected.insert(own)
                }
                if round % 4 == 0,
                   send("POST", "/v1.41/networks/\(own)/disconnect", "{\"Container\":\"cc\",\"Force\":false}", [200]) == 200 {
                    tally.disconnected.insert(own)
                }
                // Removing a network the container is still on is refused (403).
                if round % 3 == 0, send("DELETE", "/v1.41/networks/\(own)", nil, [204, 403]) == 204 { tally.removed.append(own) }
                // Every client races for the same name: one wins, the others get 409.
                let shared = "shared-\(round)"
                let sharedBody = "{\"Name\":\"\(shared)\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.99.\(round).0/24\"}]}}"
                if send("POST", "/networks/create", sharedBody, [201, 409]) == 201 { tally.created.append(shared) }
                if client % 2 == 1, send("DELETE", "/networks/\(shared)", nil, [204, 404]) == 204 { tally.removed.append(shared) }
            }
        }
        #expect(tallies.count == 20)
        let unexpected = tallies.flatMap(\.unexpected)
        #expect(unexpected.isEmpty, "\(unexpected.prefix(5))")
        let created = tallies.reduce(into: [String]()) { $0 += $1.created }
        let removed = tallies.reduce(into: [String]()) { $0 += $1.removed }
        // A name is created, removed, perhaps created again by a slower client: per name,
        // successful creates minus successful removes is 1 (it exists) or 0 (it does not).
        var balance: [String: Int] = [:]
        for name in created { balance[name, default: 0] += 1 }
        for name in removed { balance[name, default: 0] -= 1 }
        #expect(balance.values.allSatisfy { $0 == 0 || $0 == 1 }, "\(balance.filter { $0.value != 0 && $0.value != 1 })")
        #expect(created.filter { $0.hasPrefix("n-") }.count == 500)
        let existing = Set(balance.filter { $0.value == 1 }.keys)
        let connected = Set(tallies.flatMap(\.connected)).subtracting(tallies.flatMap(\.disconnected))

        // The state as the API shows it.
        let names = daemon.docker(["network", "ls", "--format", "{{.Name}}"]).stdout.split(separator: "\n").map(String.init)
        #expect(Set(names) == existing.union(["bridge", "host", "none"]))
        let attached = daemon.docker(["inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}\n{{end}}", "cc"])
            .stdout.split(separator: "\n").map(String.init)
        #expect(Set(attached) == connected.union(["bridge"]))
        // And as the kernel has it: one bridge per bridge network, one interface per endpoint.
        let bridges = try runProgram("/sbin/ip", ["-o", "link", "show", "type", "bridge"]).stdout
            .split(separator: "\n").count
        #expect(bridges == names.count - 2, "a bridge for each network but host and none")
        let interfaces = try runProgram("/sbin/ip", ["netns", "exec", "cc", "ip", "-o", "link", "show", "type", "veth"]).stdout
            .split(separator: "\n").count
        #expect(interfaces == connected.count + 1)
        #expect(daemon.isRunning)
    }
}
