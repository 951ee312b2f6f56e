import Glibc

/// The host's nameservers from its resolv.conf, never a loopback one (it would be the
/// host's own stub, unreachable as such for containers). Re-read when the file changes,
/// looked at no more than every two seconds.
final class HostNameservers {
    private let path: String
    private var servers: [[UInt8]] = []
    private var modified = timespec()
    private var checked: Int64?

    init(path: String) { self.path = path }

    func current(now: Int64) -> [[UInt8]] {
        if checked.map({ now - $0 >= 2000 }) ?? true {
            checked = now
            var info = stat()
            if stat(path, &info) == 0 {
                if info.st_mtim.tv_sec != modified.tv_sec || info.st_mtim.tv_nsec != modified.tv_nsec {
                    modified = info.st_mtim
                    servers = Self.parse(readFile(path) ?? [])
                }
            } else {
                servers = []
            }
        }
        return servers
    }

    /// The non-loopback `nameserver` addresses in resolv.conf text.
    static func parse(_ text: [UInt8]) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for line in text.split(separator: 0x0A) {
            let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
            guard fields.count >= 2, fields[0].elementsEqual("nameserver".utf8) else { continue }
            var text = String(decoding: fields[1], as: UTF8.self)
            if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
            guard let address = DNSAddress.parse(text) else { continue }
            let loopback = address.count == 4 ? address[0] == 127 : address == [UInt8](repeating: 0, count: 15) + [1]
            if !loopback && !out.contains(address) { out.append(address) }
        }
        return out
    }
}

/// The whole content of a small file, or nil.
func readFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while out.count < 1 << 20 {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 4096) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { break }
        out.append(contentsOf: chunk[0..<n])
    }
    return out
}
