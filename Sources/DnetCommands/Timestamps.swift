import Foundation
import DnetCommandKit
import DnetEngine

/// Docker's `until=` values (its `timetypes.GetTimestamp`): a Go duration before now (`10m`,
/// `1h30m`, whole seconds), a Unix timestamp (`1700000000`, `1700000000.5`), or a date and
/// time (`2026-11-28`, `2026-11-28T23:00`, `2026-11-28T23:00:00.5Z`, `…+01:00`); without a
/// zone, the local one.
enum Timestamps {
    /// Nanoseconds since the epoch.
    static func parse(_ text: String, now: Int64 = Identifiers.now(),
                      localOffset: Int = TimeZone.current.secondsFromGMT()) throws -> Int64 {
        if text != "0", let duration = goDuration(text) {
            // Docker sends whole seconds.
            return floorDiv(now - duration, 1_000_000_000) * 1_000_000_000
        }
        if let date = try dateTime(text, localOffset: localOffset) { return date }
        guard let (seconds, nanos) = unixTimestamp(text) else {
            throw CommandFailure("failed to parse value as time or duration: \"\(text)\"")
        }
        return seconds * 1_000_000_000 + nanos
    }

    /// Nanoseconds of a Go duration (`1h30m`, `-90s`, `1.5h`, `300ms`); nil when `text` is not one.
    static func goDuration(_ text: String) -> Int64? {
        let units: [String: Double] = ["ns": 1, "us": 1e3, "µs": 1e3, "μs": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9]
        var rest = Substring(text)
        var sign = 1.0
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        var total = 0.0
        var sawUnit = false
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", let value = Double(number.hasPrefix(".") ? "0" + number : number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            guard let scale = units[String(unit)] else { return nil }
            rest = rest.dropFirst(unit.count)
            total += value * scale
            sawUnit = true
        }
        return sawUnit ? Int64(sign * total) : nil
    }

    /// Go's `parseTimestamp`: `seconds[.fraction]`.
    static func unixTimestamp(_ text: String) -> (Int64, Int64)? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let seconds = Int64(parts[0]) else { return nil }
        guard parts.count == 2 else { return (seconds, 0) }
        guard let fraction = Int64(parts[1]) else { return nil }
        let digits = parts[1].count
        let nanos = digits <= 9 ? fraction * Int64(pow(10, Double(9 - digits))) : Int64(Double(fraction) / pow(10, Double(digits - 9)))
        return (seconds, nanos)
    }

    /// A date with an optional time, fraction and zone, in the layouts Docker accepts; nil
    /// when `text` has no `-` and is not one (it may be a Unix timestamp then).
    static func dateTime(_ text: String, localOffset: Int) throws -> Int64? {
        let hasZone = text.contains { "zZ+".contains($0) } || text.filter { $0 == "-" }.count == 3
        var scanner = Substring(text)
        func number(_ digits: Int) -> Int? {
            let part = scanner.prefix(digits)
            guard part.count == digits, part.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            scanner = scanner.dropFirst(digits)
            return Int(part)
        }
        func take(_ c: Character) -> Bool {
            guard scanner.first == c else { return false }
            scanner = scanner.dropFirst()
            return true
        }
        func parsed() -> Int64? {
            guard let year = number(4), take("-"), let month = number(2), take("-"), let day = number(2),
                  (1...12).contains(month), (1...daysIn(month, year)).contains(day) else { return nil }
            var hour = 0, minute = 0, second = 0, nanos: Int64 = 0
            if take("T") {
                guard let h = number(2), h < 24 else { return nil }
                hour = h
                if take(":") {
                    guard let m = number(2), m < 60 else { return nil }
                    minute = m
                    if take(":") {
                        guard let s = number(2), s < 60 else { return nil }
                        second = s
                        if take(".") {
                            let digits = scanner.prefix { $0.isASCII && $0.isNumber }
                            guard !digits.isEmpty else { return nil }
                            scanner = scanner.dropFirst(digits.count)
                            nanos = Int64(String(digits.prefix(9)).padding(toLength: 9, withPad: "0", startingAt: 0))!
                        }
                    }
                }
            }
            var offset = localOffset
            if hasZone {
                if take("Z") || take("z") {
                    offset = 0
                } else if let sign = scanner.first, sign == "+" || sign == "-" {
                    scanner = scanner.dropFirst()
                    guard let h = number(2), take(":"), let m = number(2) else { return nil }
                    offset = (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
                } else {
                    return nil
                }
            }
            guard scanner.isEmpty else { return nil }
            let days = Int64(daysFromCivil(year, month, day))
            let seconds = days * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
            return seconds * 1_000_000_000 + nanos
        }
        if let value = parsed() { return value }
        // A value with a `-` was meant as a date: its parse error is the answer.
        if text.contains("-") {
            throw CommandFailure("parsing time \"\(text)\": expected a date and time such as 2006-01-02, 2006-01-02T15:04:05 or 2006-01-02T15:04:05.999999999Z07:00")
        }
        return nil
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
