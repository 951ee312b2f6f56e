import Glibc

/// A connected byte stream: a plain socket, or TLS over one.
protocol ByteStream: AnyObject {
    /// Reads up to `count` bytes into `buffer`; 0 at the end of the stream, -1 on an error
    /// (a timeout included).
    func read(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int
    /// Writes everything; false when the peer went away.
    func write(_ bytes: [UInt8]) -> Bool
    func close()
}

/// A socket as a stream.
final class SocketStream: ByteStream {
    let descriptor: Int32
    private var closed = false

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close() }

    func read(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        while true {
            let n = recv(descriptor, buffer, count, 0)
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(descriptor)
    }
}
