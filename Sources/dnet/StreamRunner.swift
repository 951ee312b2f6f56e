import Glibc
import DnetLanguage

/// Runs statements from a descriptor (a pipe, a file, or a terminal with `dnet -`) as they
/// arrive: each statement runs as soon as its last line is in, so a producer that waits for
/// the output of one statement before writing the next never hangs.
struct StreamRunner {
    let session: Session
    let descriptor: Int32
    let name: String

    func run() -> Int32 {
        var reader = LineReader(descriptor: descriptor)
        var pending: [UInt8] = []
        var firstLine = 1
        var lineNumber = 0
        while let line = reader.nextLine() {
            lineNumber += 1
            if pending.isEmpty { firstLine = lineNumber }
            pending.append(contentsOf: line)
            if Interpreter.inputState(of: String(decoding: pending, as: UTF8.self)) == .incomplete {
                continue
            }
            if let status = execute(pending, firstLine: firstLine) { return status }
            pending.removeAll(keepingCapacity: true)
        }
        // End of input inside an open construct: compile reports what is unterminated.
        if !pending.isEmpty, let status = execute(pending, firstLine: firstLine) { return status }
        return 0
    }

    /// Runs one complete unit; returns an exit status when the run must stop.
    private func execute(_ bytes: [UInt8], firstLine: Int) -> Int32? {
        let source: Source
        do {
            source = try Source(name: name, bytes: bytes, firstLine: firstLine)
        } catch let diagnostic as Diagnostic {
            session.report(diagnostic)
            return 2
        } catch {
            return 2
        }
        return session.execute(source).stopStatus
    }
}

/// Reads lines (each with its newline) from a descriptor without waiting for more input than
/// one line needs.
struct LineReader {
    let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(descriptor: Int32) { self.descriptor = descriptor }

    mutating func nextLine() -> [UInt8]? {
        var searchFrom = start
        while true {
            if let nl = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[start...nl])
                start = nl + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            searchFrom = buffer.count
            if start > 0 && start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                searchFrom = 0
                start = 0
            } else if start > 1 << 20 {
                buffer.removeSubrange(0..<start)
                searchFrom -= start
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                atEnd = true
            }
        }
    }
}
