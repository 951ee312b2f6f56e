import Foundation
import Testing

/// A TCP socket with TLS on loopback, certificates made by the test with the openssl CLI:
/// clients with a certificate from the CA get in (docker CLI and dnet), others do not.
@Suite(.serialized, .enabled(if: Sandboxed.enabled))
struct TLSTests {
    /// A CA, a server certificate for 127.0.0.1 and a client certificate, in `dir`.
    static func makeCertificates(_ dir: String) throws {
        func openssl(_ arguments: [String]) throws {
            let result = try runProgram("/usr/bin/openssl", arguments)
            #expect(result.status == 0, "openssl \(arguments): \(result.stderr)")
        }
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/ca-key.pem", "-out", dir + "/ca.pem",
                     "-days", "1", "-subj", "/CN=dnet test CA"])
        try "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".write(toFile: dir + "/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: dir + "/client.ext", atomically: true, encoding: .utf8)
        for name in ["server", "client"] {
            try openssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/\(name)-key.pem", "-out", dir + "/\(name).csr",
                         "-subj", "/CN=\(name)"])
            try openssl(["x509", "-req", "-in", dir + "/\(name).csr", "-CA", dir + "/ca.pem", "-CAkey", dir + "/ca-key.pem",
                         "-CAcreateserial", "-out", dir + "/\(name).pem", "-days", "1", "-extfile", dir + "/\(name).ext"])
        }
        // A client certificate from another CA, which the daemon must refuse.
        try openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir + "/rogue-key.pem", "-out", dir + "/rogue.pem",
                     "-days", "1", "-subj", "/CN=rogue"])
    }

    @Test func dockerAndDnetOverTLS() throws {
        let certs = FileManager.default.temporaryDirectory.path + "/dnet-tls-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: certs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: certs) }
        try Self.makeCertificates(certs)
        let port = Int.random(in: 20000..<30000)
        let tcp = "tcp://127.0.0.1:\(port)"
        let daemon = try DaemonUnderTest(arguments: [
            "-H", tcp, "--tlsverify", "--tlscacert", certs + "/ca.pem",
            "--tlscert", certs + "/server.pem", "--tlskey", certs + "/server-key.pem",
        ])
        defer { daemon.finish() }
        let client = ["--tlsverify", "--tlscacert", certs + "/ca.pem", "--tlscert", certs + "/client.pem", "--tlskey", certs + "/client-key.pem"]
        let docker = ["docker", "-H", tcp] + client
        let created = try runProgram("/usr/bin/env", docker + ["network", "create", "--subnet", "10.44.0.0/24", "tls1"],
                                     environment: ["DOCKER_CONFIG": daemon.directory + "/docker-config"])
        #expect(created.status == 0, "\(created.stderr)")
        let listed = try runProgram("/usr/bin/env", docker + ["network", "ls", "--format", "{{.Name}}", "--filter", "name=tls"],
                                    environment: ["DOCKER_CONFIG": daemon.directory + "/docker-config"])
        #expect(listed.stdout == "tls1\n", "\(listed.stderr)")
        // dnet as a client over the same socket.
        let viaDnet = try runProgram(DaemonUnderTest.dnetPath, ["-H", tcp] + client + ["network", "rm", "tls1"])
        #expect(viaDnet == Outcome(stdout: "tls1\n", stderr: "", status: 0))
        // Without a client certificate, with one from another CA, or without TLS: refused.
        let noCert = try runProgram("/usr/bin/env", ["docker", "-H", tcp, "--tls", "--tlscacert", certs + "/ca.pem", "network", "ls"],
                                    environment: ["DOCKER_CONFIG": daemon.directory + "/docker-config"])
        #expect(noCert.status != 0)
        let rogue = try runProgram(DaemonUnderTest.dnetPath, ["-H", tcp, "--tlsverify", "--tlscacert", certs + "/ca.pem",
                                                              "--tlscert", certs + "/rogue.pem", "--tlskey", certs + "/rogue-key.pem",
                                                              "network", "ls"])
        #expect(rogue.status == 1)
        let plain = try runProgram("/usr/bin/curl", ["-s", "-m", "5", "http://127.0.0.1:\(port)/_ping"])
        #expect(plain.stdout != "OK")
        #expect(daemon.isRunning)
    }
}
