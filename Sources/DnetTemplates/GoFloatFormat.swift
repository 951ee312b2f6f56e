import Foundation

/// Go's `strconv.FormatFloat` for the formats templates use: `e`, `E`, `f`, `g`, `G`,
/// with the shortest round-trip digits when `precision` is negative.
enum GoFloatFormat {
    /// Decimal digits of a float: value = 0.d1d2d3... × 10^pointPosition.
    private struct Digits {
        var digits: [UInt8]  // ASCII digits, no trailing zeros
        var pointPosition: Int
    }

    static func format(_ value: Double, _ fmt: Character, precision: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let negative = value.sign == .minus
        let magnitude = abs(value)
        var out = negative ? "-" : ""
        let shortest = precision < 0
        switch fmt {
        case "e", "E":
            let digs = shortest ? shortestDigits(magnitude) : roundedDigits(magnitude, significant: precision + 1)
            out += formatE(digs, precision: shortest ? max(digs.digits.count - 1, 0) : precision, letter: fmt)
        case "f", "F":
            if shortest {
                let digs = shortestDigits(magnitude)
                out += formatF(digs, precision: max(digs.digits.count - digs.pointPosition, 0))
            } else {
                // C's printf rounds exactly, as Go does.
                out += String(format: "%.*f", precision, magnitude)
            }
        default:  // g, G
            var prec = precision
            let digs: Digits
            if shortest {
                digs = shortestDigits(magnitude)
                prec = digs.digits.count
            } else {
                if prec == 0 { prec = 1 }
                digs = roundedDigits(magnitude, significant: prec)
            }
            var eprec = prec
            if eprec > digs.digits.count && digs.digits.count >= digs.pointPosition { eprec = digs.digits.count }
            if shortest { eprec = 6 }
            let exp = digs.pointPosition - 1
            if exp < -4 || exp >= eprec {
                if prec > digs.digits.count { prec = digs.digits.count }
                out += formatE(digs, precision: prec - 1, letter: fmt == "G" ? "E" : "e")
            } else {
                if prec > digs.pointPosition { prec = digs.digits.count }
                out += formatF(digs, precision: max(prec - digs.pointPosition, 0))
            }
        }
        return out
    }

    /// Go's encoding/json float encoding: `f` format unless the exponent is extreme,
    /// then `e` with a one-digit negative exponent where possible (`1e-7`, not `1e-07`).
    static func json(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            var s = format(value, "e", precision: -1)
            // clean up e-09 to e-9
            let chars = Array(s)
            let n = chars.count
            if n >= 4 && chars[n - 4] == "e" && chars[n - 3] == "-" && chars[n - 2] == "0" {
                s = String(chars[0..<(n - 2)]) + String(chars[n - 1])
            }
            return s
        }
        return format(value, "f", precision: -1)
    }

    /// Shortest digits that round-trip; Swift's `description` computes the same digits as Go.
    private static func shortestDigits(_ magnitude: Double) -> Digits {
        if magnitude == 0 { return Digits(digits: [], pointPosition: 0) }
        return parseScientific(magnitude.description)
    }

    /// Digits rounded to `significant` places, trailing zeros removed.
    private static func roundedDigits(_ magnitude: Double, significant: Int) -> Digits {
        if magnitude == 0 { return Digits(digits: [], pointPosition: 0) }
        return parseScientific(String(format: "%.*e", max(significant - 1, 0), magnitude))
    }

    /// Parses "1.2345e-05", "123.45" or "1e+20" into digits and point position.
    private static func parseScientific(_ text: String) -> Digits {
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        var bytes = Array(text.utf8)[...]
        while let b = bytes.first, b != UInt8(ascii: "e"), b != UInt8(ascii: "E") {
            if b == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else {
                digits.append(b)
            }
            bytes = bytes.dropFirst()
        }
        if !bytes.isEmpty {
            exponent = Int(String(decoding: bytes.dropFirst(), as: UTF8.self)) ?? 0
        }
        var point = (pointPosition ?? digits.count) + exponent
        while let first = digits.first, first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty { point = 0 }
        return Digits(digits: digits, pointPosition: point)
    }

    private static func formatE(_ digs: Digits, precision: Int, letter: Character) -> String {
        var out = ""
        let d = digs.digits
        out.append(d.isEmpty ? "0" : Character(UnicodeScalar(d[0])))
        if precision > 0 {
            out.append(".")
            var i = 1
            let m = min(d.count, precision + 1)
            while i < m {
                out.append(Character(UnicodeScalar(d[i])))
                i += 1
            }
            while i <= precision {
                out.append("0")
                i += 1
            }
        }
        out.append(letter)
        var exp = digs.pointPosition - 1
        if d.isEmpty { exp = 0 }
        if exp < 0 {
            out.append("-")
            exp = -exp
        } else {
            out.append("+")
        }
        if exp < 10 { out.append("0") }
        out += String(exp)
        return out
    }

    private static func formatF(_ digs: Digits, precision: Int) -> String {
        var out = ""
        let d = digs.digits
        if digs.pointPosition > 0 {
            let m = min(d.count, digs.pointPosition)
            for i in 0..<m { out.append(Character(UnicodeScalar(d[i]))) }
            if m < digs.pointPosition { out += String(repeating: "0", count: digs.pointPosition - m) }
        } else {
            out.append("0")
        }
        if precision > 0 {
            out.append(".")
            for i in 1...precision {
                let j = digs.pointPosition + i - 1
                out.append(j >= 0 && j < d.count ? Character(UnicodeScalar(d[j])) : "0")
            }
        }
        return out
    }
}
