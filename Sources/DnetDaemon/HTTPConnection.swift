import Foundation

/// HTTP/1.1 over one stream: reads requests (Content-Length or chunked bodies, within limits)
/// and writes responses. A request that cannot be read is answered with an error and ends the
/// connection; nothing of it reaches the API.
final class HTTPConnection {
    private let stream: ByteStream
    private let limits: Limits
    private var buffer: [UInt8] = []
    private var start = 0

    struct Limits {
        /// The request line and headers together.
        var headerBytes = 64 * 1024
        var bodyBytes = 1024 * 1024
    }

    /// Why no request could be read.
    enum ReadFailure: Error {
        /// The peer closed (or timed out) between requests: nothing to answer.
        case closed
        /// A malformed or oversized request: answer this, then close.
        case reject(HTTPResponse)
    }

    init(stream: ByteStream, limits: Limits) {
        self.stream = stream
        self.limits = limits
    }

    /// The next request; `Expect: 100-continue` is answered before the body is read.
    func readRequest() throws -> HTTPRequest {
        guard let headerEnd = try readUntilHeaderEnd() else { throw ReadFailure.closed }
        guard headerEnd - start <= limits.headerBytes else { throw headersTooLarge() }
        let head = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
        start = headerEnd + 4
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1."), !requestLine[0].isEmpty,
              requestLine[1].hasPrefix("/") else {
            throw ReadFailure.reject(.error(400, "malformed HTTP request line"))
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw ReadFailure.reject(.error(400, "malformed HTTP header line"))
            }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        let version = requestLine[2]
        let connection = headers["connection"]?.lowercased() ?? ""
        let wantsClose = version == "HTTP/1.0" ? !connection.contains("keep-alive") : connection.contains("close")
        let target = String(requestLine[1])
        let (path, query) = Self.splitTarget(target)
        guard let decodedPath = path.removingPercentEncoding else {
            throw ReadFailure.reject(.error(400, "malformed request path"))
        }
        if headers["expect"]?.lowercased() == "100-continue" {
            _ = stream.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        let body = try readBody(headers)
        return HTTPRequest(method: String(requestLine[0]), path: decodedPath, query: query, headers: headers,
                           body: body, wantsClose: wantsClose)
    }

    func write(_ response: HTTPResponse, headOnly: Bool, close: Bool, extraHeaders: [(String, String)]) -> Bool {
        var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reason(response.status))\r\n"
        for (name, value) in extraHeaders + response.headers { head += "\(name): \(value)\r\n" }
        if let later = response.laterBody, !headOnly {
            head += "Transfer-Encoding: chunked\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n"
            guard stream.write(Array(head.utf8)) else { return false }
            let body = later()
            return stream.write(Array((String(body.count, radix: 16) + "\r\n").utf8) + body + Array("\r\n0\r\n\r\n".utf8))
        }
        if response.status != 204 && response.status != 304 {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        if close { head += "Connection: close\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !headOnly { bytes += response.body }
        return stream.write(bytes)
    }

    func close() { stream.close() }

    /// Writes bytes as they are (the client's requests).
    func writeRaw(_ bytes: [UInt8]) -> Bool { stream.write(bytes) }

    /// Reads one response (the client side): status, headers (names lowercased) and body.
    func readResponse() throws -> (Int, [String: String], [UInt8]) {
        while true {
            guard let headerEnd = try readUntilHeaderEnd() else { throw ReadFailure.closed }
            let head = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
            start = headerEnd + 4
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
            guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
                throw ReadFailure.closed
            }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            // An interim answer (100 Continue) is followed by the real one.
            if (100..<200).contains(status) { continue }
            if status == 204 || status == 304 { return (status, headers, []) }
            return (status, headers, try readBody(headers))
        }
    }

    // MARK: - Reading

    /// Fills the buffer until it holds a blank line; nil when the stream ended before any byte
    /// of a request.
    private func readUntilHeaderEnd() throws -> Int? {
        // Relative to `start`, which `fill` may move when it compacts the buffer.
        var scanned = 0
        while true {
            if let end = Self.find([13, 10, 13, 10], in: buffer, from: start + scanned) { return end }
            scanned = max(0, buffer.count - start - 3)
            if buffer.count - start > limits.headerBytes { throw headersTooLarge() }
            // The end of the stream, between requests or inside one: nothing to answer.
            guard try fill() else { throw ReadFailure.closed }
        }
    }

    /// Reads more bytes; false at the end of the stream.
    private func fill() throws -> Bool {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 64 * 1024 {
            buffer.removeFirst(start)
            start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let n = chunk.withUnsafeMutableBytes { stream.read($0.baseAddress!, $0.count) }
        guard n > 0 else { return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    private func readBody(_ headers: [String: String]) throws -> [UInt8] {
        if let encoding = headers["transfer-encoding"]?.lowercased(), encoding != "identity" {
            guard encoding == "chunked" else {
                throw ReadFailure.reject(.error(501, "transfer encoding \(encoding) is not supported"))
            }
            return try readChunked()
        }
        guard let lengthText = headers["content-length"] else { return [] }
        guard let length = Int(lengthText), length >= 0 else {
            throw ReadFailure.reject(.error(400, "malformed Content-Length"))
        }
        guard length <= limits.bodyBytes else { throw tooLarge() }
        while buffer.count - start < length {
            guard try fill() else { throw ReadFailure.closed }
        }
        let body = Array(buffer[start..<start + length])
        start += length
        return body
    }

    private func readChunked() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                throw ReadFailure.reject(.error(400, "malformed chunk size"))
            }
            if size == 0 {
                // Trailers, up to the blank line.
                while try !readLine().isEmpty {}
                return body
            }
            guard size <= limits.bodyBytes - body.count else { throw tooLarge() }
            while buffer.count - start < size + 2 {
                guard try fill() else { throw ReadFailure.closed }
            }
            body += buffer[start..<start + size]
            guard buffer[start + size] == 13, buffer[start + size + 1] == 10 else {
                throw ReadFailure.reject(.error(400, "malformed chunk"))
            }
            start += size + 2
        }
    }

    private func readLine() throws -> String {
        while true {
            if let end = Self.find([13, 10], in: buffer, from: start) {
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = end + 2
                return line
            }
            if buffer.count - start > 4096 { throw ReadFailure.reject(.error(400, "malformed chunked body")) }
            guard try fill() else { throw ReadFailure.closed }
        }
    }

    private func headersTooLarge() -> ReadFailure {
        .reject(.error(431, "request headers are larger than the limit of \(limits.headerBytes) bytes"))
    }

    private func tooLarge() -> ReadFailure {
        .reject(.error(413, "request body is larger than the limit of \(limits.bodyBytes) bytes"))
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var i = from
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] {
                var match = true
                for j in 1..<needle.count where haystack[i + j] != needle[j] { match = false; break }
                if match { return i }
            }
            i += 1
        }
        return nil
    }

    /// `/a/b?x=1&y=2` into its path and decoded query (`+` is a space, as in forms).
    static func splitTarget(_ target: String) -> (String, [String: String]) {
        guard let mark = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            let key = decode(parts[0])
            if query[key] == nil { query[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
        return (String(target[..<mark]), query)
    }
}
