import Foundation

/// Docker-style identifiers and timestamps.
public enum Identifiers {
    /// 64 random hex digits, as Docker's network and container ids.
    public static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// `veth` + 7 hex digits, as Docker names the host end of a container's veth.
    public static func vethName() -> String {
        "veth" + String(randomID().prefix(7))
    }

    /// Now, in nanoseconds since the epoch.
    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Go's RFC3339Nano in UTC: `2026-11-28T23:49:29.18199375Z` (trailing zeros dropped).
    public static func rfc3339(_ nanos: Int64) -> String {
        let (date, time, fraction) = parts(nanos)
        return "\(date)T\(time)\(fraction)Z"
    }

    /// Go's time.String() in UTC: `2026-11-28 23:48:45.793625771 +0000 UTC`.
    public static func goTimeString(_ nanos: Int64) -> String {
        let (date, time, fraction) = parts(nanos)
        return "\(date) \(time)\(fraction) +0000 UTC"
    }

    private static func parts(_ nanos: Int64) -> (String, String, String) {
        var seconds = time_t(nanos / 1_000_000_000)
        let fractionNanos = nanos % 1_000_000_000
        var tm = tm()
        gmtime_r(&seconds, &tm)
        func pad(_ v: Int32, _ width: Int = 2) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        let date = "\(pad(tm.tm_year + 1900, 4))-\(pad(tm.tm_mon + 1))-\(pad(tm.tm_mday))"
        let time = "\(pad(tm.tm_hour)):\(pad(tm.tm_min)):\(pad(tm.tm_sec))"
        var fraction = ""
        if fractionNanos != 0 {
            var digits = String(fractionNanos)
            digits = String(repeating: "0", count: 9 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            fraction = "." + digits
        }
        return (date, time, fraction)
    }
}
