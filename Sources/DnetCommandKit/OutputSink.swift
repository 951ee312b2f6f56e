import Glibc

/// Where a command's output goes: a file descriptor (buffered, flushed by the runner after
/// each statement and before any child process starts), or a capture buffer for `$(…)`.
public final class OutputSink {
    /// The descriptor written to, or nil when this sink captures into memory.
    public let fileDescriptor: Int32?
    private var buffer: [UInt8] = []
    private let flushThreshold = 64 * 1024

    private init(fileDescriptor: Int32?) {
        self.fileDescriptor = fileDescriptor
        buffer.reserveCapacity(4096)
    }

    public static func fileDescriptor(_ fd: Int32) -> OutputSink { OutputSink(fileDescriptor: fd) }
    public static func capture() -> OutputSink { OutputSink(fileDescriptor: nil) }

    public var isCapturing: Bool { fileDescriptor == nil }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write(bytes: $0) }
    }

    public func write(bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if fileDescriptor != nil && buffer.count >= flushThreshold { flush() }
    }

    public func write(bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { write(bytes: $0) }
    }

    /// Writes pending bytes to the descriptor; a capture sink keeps them.
    public func flush() {
        guard let fd = fileDescriptor, !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    break // a closed pipe: drop the output, as a shell does with SIGPIPE ignored
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The captured bytes as text (invalid UTF-8 repaired), for `$(…)`.
    public var capturedText: String { String(decoding: buffer, as: UTF8.self) }

    public var hasPendingOutput: Bool { !buffer.isEmpty }
}
