import Foundation
import Testing

/// A `dnet` process reading statements from a pipe, so a test can start several, wait until
/// all are up, and then feed them their scripts at once.
final class DnetProcess {
    /// The built `dnet` (DNET_BIN overrides): beside the test bundle, else in the package's
    /// debug build folder.
    static func binary(file: String = #filePath) throws -> String {
        if let override = ProcessInfo.processInfo.environment["DNET_BIN"] { return override }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let beside = URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("dnet").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let package = URL(fileURLWithPath: file).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let built = package.appendingPathComponent(".build/debug/dnet").path
        guard FileManager.default.isExecutableFile(atPath: built) else {
            throw PrivateNetwork.Failure("no dnet binary at \(beside) or \(built): build it (swift build --product dnet) or set DNET_BIN")
        }
        return built
    }

    private let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()

    /// Starts `arguments` (a full command line, e.g. from `PrivateNetwork.inside`).
    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Sends one statement and waits for the line it prints.
    func handshake() throws {
        send("echo ready\n")
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("ready\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw PrivateNetwork.Failure("dnet ended before it was ready") }
            seen += chunk
        }
    }

    func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Closes stdin and waits for the end: exit status, stdout and stderr.
    func finish() -> (status: Int32, stdout: String, stderr: String) {
        try? input.fileHandleForWriting.close()
        // Both pipes at once, so that neither can fill up and stall the process.
        let errorsRead = Worker { self.errors.fileHandleForReading.readDataToEndOfFile() }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = (try? errorsRead.wait()) ?? Data()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }
}
