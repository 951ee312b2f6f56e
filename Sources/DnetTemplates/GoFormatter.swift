/// Go's `fmt.Sprint`, `fmt.Sprintln` and `fmt.Sprintf` over template values, ported from Go's
/// fmt package so that `{{.X}}`, `print` and `printf` print exactly as Docker's CLI does.
///
/// Not supported (Go prints them; dnet's data never holds them): complex numbers, and the
/// `%x`/`%b` verbs on floats, which print as a bad verb here.
struct GoFormatter {
    private var out = ""
    // Flags of the verb being formatted.
    private var plus = false, minus = false, sharp = false, space = false, zero = false
    private var plusV = false, sharpV = false
    private var width = 0, widthPresent = false
    private var precision = 0, precisionPresent = false
    /// The value being formatted, for `%!verb(type=value)` messages.
    private var current: TemplateValue = .null(.missing)

    /// `fmt.Sprint`: operands printed with `%v`, spaces between operands when neither is a string.
    static func sprint(_ args: [TemplateValue]) -> String {
        var p = GoFormatter()
        var previousIsString = false
        for (index, arg) in args.enumerated() {
            let isString: Bool
            if case .string = arg { isString = true } else { isString = false }
            if index > 0 && !isString && !previousIsString { p.out.append(" ") }
            p.printArg(arg, "v")
            previousIsString = isString
        }
        return p.out
    }

    /// `fmt.Sprintln`: operands separated by spaces, then a newline.
    static func sprintln(_ args: [TemplateValue]) -> String {
        var p = GoFormatter()
        for (index, arg) in args.enumerated() {
            if index > 0 { p.out.append(" ") }
            p.printArg(arg, "v")
        }
        p.out.append("\n")
        return p.out
    }

    /// `fmt.Sprintf`.
    static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        var p = GoFormatter()
        p.doPrintf(Array(format.utf8), args)
        return p.out
    }

    /// How `{{.X}}` prints a value: `%v`, except that a nil interface prints `<no value>`.
    static func printValue(_ value: TemplateValue) -> String {
        switch value {
        case .string(let s): return s
        case .null(.interface), .null(.missing): return "<no value>"
        default: return sprint([value])
        }
    }

    private mutating func clearFlags() {
        plus = false; minus = false; sharp = false; space = false; zero = false
        plusV = false; sharpV = false
        width = 0; widthPresent = false; precision = 0; precisionPresent = false
    }

    // MARK: printf

    private mutating func doPrintf(_ format: [UInt8], _ args: [TemplateValue]) {
        let end = format.count
        var argNum = 0
        var afterIndex = false
        var reordered = false
        var goodArgNum = true
        var i = 0

        func parseNumber(_ start: Int) -> (Int, Bool, Int) {
            if start >= end { return (0, false, end) }
            var num = 0, isNum = false, j = start
            while j < end, format[j] >= 0x30, format[j] <= 0x39 {
                if num > 1_000_000 || num < -1_000_000 { return (0, false, end) }
                num = num * 10 + Int(format[j] - 0x30)
                isNum = true
                j += 1
            }
            return (num, isNum, j)
        }

        func argNumber(_ argNum: Int, _ i: Int) -> (Int, Int, Bool) {
            if end <= i || format[i] != UInt8(ascii: "[") { return (argNum, i, false) }
            reordered = true
            // Find the closing bracket of "[n]".
            var close = i + 1
            while close < end && format[close] != UInt8(ascii: "]") { close += 1 }
            if end - i < 3 || close >= end {
                goodArgNum = false
                return (argNum, i + 1, false)
            }
            let (n, ok, after) = parseNumber(i + 1)
            if !ok || after != close {
                goodArgNum = false
                return (argNum, close + 1, false)
            }
            let index = n - 1
            if index >= 0 && index < args.count { return (index, close + 1, true) }
            goodArgNum = false
            return (argNum, close + 1, true)
        }

        func intFromArg(_ argNum: Int) -> (Int, Bool, Int) {
            guard argNum < args.count else { return (0, false, argNum) }
            if case .int(let n) = args[argNum], n <= 1_000_000, n >= -1_000_000 { return (n, true, argNum + 1) }
            return (0, false, argNum + 1)
        }

        formatLoop: while i < end {
            goodArgNum = true
            let last = i
            while i < end && format[i] != UInt8(ascii: "%") { i += 1 }
            if i > last { out += String(decoding: format[last..<i], as: UTF8.self) }
            if i >= end { break }
            i += 1  // skip %
            clearFlags()
            simpleFormat: while i < end {
                let c = format[i]
                switch c {
                case UInt8(ascii: "#"): sharp = true
                case UInt8(ascii: "0"): zero = !minus
                case UInt8(ascii: "+"): plus = true
                case UInt8(ascii: "-"): minus = true; zero = false
                case UInt8(ascii: " "): space = true
                default:
                    if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") && argNum < args.count {
                        if c == UInt8(ascii: "v") {
                            sharpV = sharp; sharp = false
                            plusV = plus; plus = false
                        }
                        printArg(args[argNum], Character(UnicodeScalar(c)))
                        argNum += 1
                        i += 1
                        continue formatLoop
                    }
                    break simpleFormat
                }
                i += 1
            }

            (argNum, i, afterIndex) = argNumber(argNum, i)

            if i < end && format[i] == UInt8(ascii: "*") {
                i += 1
                (width, widthPresent, argNum) = intFromArg(argNum)
                if !widthPresent { out += "%!(BADWIDTH)" }
                if width < 0 {
                    width = -width
                    minus = true
                    zero = false
                }
                afterIndex = false
            } else {
                (width, widthPresent, i) = parseNumber(i)
                if afterIndex && widthPresent { goodArgNum = false }
            }

            if i + 1 < end && format[i] == UInt8(ascii: ".") {
                i += 1
                if afterIndex { goodArgNum = false }
                (argNum, i, afterIndex) = argNumber(argNum, i)
                if i < end && format[i] == UInt8(ascii: "*") {
                    i += 1
                    (precision, precisionPresent, argNum) = intFromArg(argNum)
                    if precision < 0 {
                        precision = 0
                        precisionPresent = false
                    }
                    if !precisionPresent { out += "%!(BADPREC)" }
                    afterIndex = false
                } else {
                    (precision, precisionPresent, i) = parseNumber(i)
                    if !precisionPresent {
                        precision = 0
                        precisionPresent = true
                    }
                }
            }

            if !afterIndex { (argNum, i, afterIndex) = argNumber(argNum, i) }

            if i >= end {
                out += "%!(NOVERB)"
                break
            }

            let (verb, size) = decodeScalar(format, at: i)
            i += size

            if verb == "%" {
                out.append("%")
            } else if !goodArgNum {
                out += "%!" + String(verb) + "(BADINDEX)"
            } else if argNum >= args.count {
                out += "%!" + String(verb) + "(MISSING)"
            } else {
                if verb == "v" {
                    sharpV = sharp; sharp = false
                    plusV = plus; plus = false
                }
                printArg(args[argNum], verb)
                argNum += 1
            }
        }

        if !reordered && argNum < args.count {
            clearFlags()
            out += "%!(EXTRA "
            for (index, arg) in args[argNum...].enumerated() {
                if index > 0 { out += ", " }
                if arg.isUntypedNil {
                    out += "<nil>"
                } else {
                    out += arg.goTypeName + "="
                    printArg(arg, "v")
                }
            }
            out.append(")")
        }
    }

    private func decodeScalar(_ bytes: [UInt8], at i: Int) -> (Character, Int) {
        let b = bytes[i]
        let size: Int
        if b < 0x80 { size = 1 } else if b >> 5 == 0x6 { size = 2 } else if b >> 4 == 0xE { size = 3 } else { size = 4 }
        let upper = min(i + size, bytes.count)
        let text = String(decoding: bytes[i..<upper], as: UTF8.self)
        return (text.first ?? "\u{FFFD}", upper - i)
    }

    // MARK: values

    private mutating func printArg(_ arg: TemplateValue, _ verb: Character) {
        current = arg
        if arg.isUntypedNil {
            if verb == "T" || verb == "v" { padString("<nil>") } else { badVerb(verb) }
            return
        }
        if verb == "T" {
            fmtS(arg.goTypeName)
            return
        }
        if verb == "p" {
            fmtPointer(arg, verb)
            return
        }
        printValue(arg, verb, depth: 0)
    }

    private mutating func printValue(_ value: TemplateValue, _ verb: Character, depth: Int) {
        current = value
        switch value {
        case .bool(let b):
            if verb == "t" || verb == "v" { padString(b ? "true" : "false") } else { badVerb(verb) }
        case .int(let n):
            fmtInteger(n, verb)
        case .float(let f):
            fmtFloat(f, verb)
        case .string(let s):
            fmtString(s, verb)
        case .null(let kind):
            switch kind {
            case .interface, .missing:
                if sharpV {
                    out += "interface {}(nil)"
                } else if verb == "v" {
                    out += "<nil>"
                } else {
                    badVerb(verb)
                }
            case .pointer:
                fmtPointer(value, verb)
            case .slice:
                out += sharpV ? value.goTypeName + "(nil)" : "[]"
            case .map:
                out += sharpV ? value.goTypeName + "(nil)" : "map[]"
            }
        case .list(let elements):
            if sharpV {
                out += value.goTypeName + "{"
                for (index, element) in elements.enumerated() {
                    if index > 0 { out += ", " }
                    printValue(element, verb, depth: depth + 1)
                }
                out.append("}")
            } else {
                out.append("[")
                for (index, element) in elements.enumerated() {
                    if index > 0 { out.append(" ") }
                    printValue(element, verb, depth: depth + 1)
                }
                out.append("]")
            }
        case .map(let map):
            out += sharpV ? map.typeName + "{" : "map["
            for (index, key) in map.sortedKeys.enumerated() {
                if index > 0 { out += sharpV ? ", " : " " }
                printValue(.string(key), verb, depth: depth + 1)
                out.append(":")
                printValue(map.entries[key]!, verb, depth: depth + 1)
            }
            out.append(sharpV ? "}" : "]")
        case .structure(let s):
            if sharpV { out += s.typeName }
            out.append("{")
            for (index, field) in s.fields.enumerated() {
                if index > 0 { out += sharpV ? ", " : " " }
                if plusV || sharpV { out += field.name + ":" }
                printValue(field.value, verb, depth: depth + 1)
            }
            out.append("}")
        case .object(let object):
            printValue(object.base, verb, depth: depth)
        }
    }

    private mutating func badVerb(_ verb: Character) {
        out += "%!" + String(verb) + "("
        let value = current
        if value.isUntypedNil {
            out += "<nil>"
        } else {
            out += value.goTypeName + "="
            let saved = (plus, minus, sharp, space, zero, plusV, sharpV, width, widthPresent, precision, precisionPresent)
            // Go prints the operand with the same flags; only the verb changes.
            printArg(value, "v")
            (plus, minus, sharp, space, zero, plusV, sharpV, width, widthPresent, precision, precisionPresent) = saved
        }
        out.append(")")
    }

    private mutating func fmtPointer(_ value: TemplateValue, _ verb: Character) {
        guard case .null(let kind) = value, kind != .interface else {
            badVerb(verb)
            return
        }
        switch verb {
        case "v":
            if sharpV {
                out += "(" + value.goTypeName + ")(nil)"
            } else {
                padString("<nil>")
            }
        case "p":
            sharp = true
            formatInteger(0, base: 16, verb: "v", upper: false)
        case "b", "o", "d", "x", "X":
            fmtInteger(0, verb)
        default:
            badVerb(verb)
        }
    }

    private mutating func fmtString(_ s: String, _ verb: Character) {
        switch verb {
        case "v": if sharpV { fmtQ(s) } else { fmtS(s) }
        case "s": fmtS(s)
        case "x": fmtSx(s, upper: false)
        case "X": fmtSx(s, upper: true)
        case "q": fmtQ(s)
        default: badVerb(verb)
        }
    }

    private mutating func fmtInteger(_ n: Int, _ verb: Character) {
        switch verb {
        case "v", "d": formatInteger(n, base: 10, verb: verb, upper: false)
        case "b": formatInteger(n, base: 2, verb: verb, upper: false)
        case "o", "O": formatInteger(n, base: 8, verb: verb, upper: false)
        case "x": formatInteger(n, base: 16, verb: verb, upper: false)
        case "X": formatInteger(n, base: 16, verb: verb, upper: true)
        case "c":
            let scalar = (n >= 0 && n <= 0x10FFFF ? Unicode.Scalar(UInt32(n)) : nil) ?? "\u{FFFD}"
            padString(String(Character(scalar)))
        case "q":
            padString(GoQuote.quoteRune(n, asciiOnly: plus))
        case "U":
            fmtUnicode(n)
        default:
            badVerb(verb)
        }
    }

    private mutating func formatInteger(_ n: Int, base: Int, verb: Character, upper: Bool) {
        let negative = n < 0
        var u = n.magnitude
        var prec = 0
        if precisionPresent {
            prec = precision
            if prec == 0 && u == 0 {
                let oldZero = zero
                zero = false
                writePadding(width)
                zero = oldZero
                return
            }
        } else if zero && widthPresent {
            prec = width
            if negative || plus || space { prec -= 1 }
        }
        let digitChars: [Character] = upper ? Array("0123456789ABCDEFX") : Array("0123456789abcdefx")
        var digits: [Character] = []
        repeat {
            digits.append(digitChars[Int(u % UInt(base))])
            u /= UInt(base)
        } while u > 0
        while digits.count < prec { digits.append("0") }
        if sharp {
            switch base {
            case 2: digits.append("b"); digits.append("0")
            case 8: if digits.last != "0" { digits.append("0") }
            case 16: digits.append(digitChars[16]); digits.append("0")
            default: break
            }
        }
        if verb == "O" { digits.append("o"); digits.append("0") }
        if negative {
            digits.append("-")
        } else if plus {
            digits.append("+")
        } else if space {
            digits.append(" ")
        }
        let oldZero = zero
        zero = false
        padString(String(digits.reversed()))
        zero = oldZero
    }

    private mutating func fmtUnicode(_ n: Int) {
        var prec = 4
        if precisionPresent && precision > 4 { prec = precision }
        var hex = String(UInt(bitPattern: n), radix: 16, uppercase: true)
        if hex.count < prec { hex = String(repeating: "0", count: prec - hex.count) + hex }
        var s = "U+" + hex
        if sharp, n >= 0, n <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(n)), GoQuote.isPrint(scalar) {
            s += " '" + String(Character(scalar)) + "'"
        }
        let oldZero = zero
        zero = false
        padString(s)
        zero = oldZero
    }

    private mutating func fmtFloat(_ f: Double, _ verb: Character) {
        switch verb {
        case "v": formatFloat(f, "g", defaultPrecision: -1, verb: verb)
        case "g", "G": formatFloat(f, verb, defaultPrecision: -1, verb: verb)
        case "f", "e", "E": formatFloat(f, verb, defaultPrecision: 6, verb: verb)
        case "F": formatFloat(f, "f", defaultPrecision: 6, verb: verb)
        default: badVerb(verb)
        }
    }

    private mutating func formatFloat(_ f: Double, _ fmt: Character, defaultPrecision: Int, verb: Character) {
        let prec = precisionPresent ? precision : defaultPrecision
        var num = Array(GoFloatFormat.format(f, fmt, precision: prec))
        if num.first == "-" || num.first == "+" {
            // sign present
        } else {
            num.insert("+", at: 0)
        }
        if space && num[0] == "+" && !plus { num[0] = " " }
        if num.count > 1 && (num[1] == "I" || num[1] == "N") {
            let oldZero = zero
            zero = false
            if num[1] == "N" && !space && !plus { num.removeFirst() }
            padString(String(num))
            zero = oldZero
            return
        }
        if sharp {
            var digits = 0
            if verb == "v" || fmt == "g" || fmt == "G" {
                digits = prec == -1 ? 6 : prec
            }
            var tail: [Character] = []
            var hasPoint = false, sawNonzero = false
            var i = 1
            while i < num.count {
                let c = num[i]
                if c == "." {
                    hasPoint = true
                } else if c == "e" || c == "E" {
                    tail = Array(num[i...])
                    num = Array(num[..<i])
                    break
                } else {
                    if c != "0" { sawNonzero = true }
                    if sawNonzero { digits -= 1 }
                }
                i += 1
            }
            if !hasPoint {
                if num.count == 2 && num[1] == "0" { digits -= 1 }
                num.append(".")
            }
            while digits > 0 {
                num.append("0")
                digits -= 1
            }
            num += tail
        }
        if plus || num[0] != "+" {
            if zero && widthPresent && width > num.count {
                out.append(num[0])
                writePadding(width - num.count)
                out += String(num[1...])
                return
            }
            padString(String(num))
            return
        }
        padString(String(num[1...]))
    }

    private mutating func fmtS(_ s: String) {
        padString(truncated(s))
    }

    private func truncated(_ s: String) -> String {
        guard precisionPresent else { return s }
        var scalars = String.UnicodeScalarView()
        for (index, scalar) in s.unicodeScalars.enumerated() {
            if index >= precision { break }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    private mutating func fmtSx(_ s: String, upper: Bool) {
        let digits = Array(upper ? "0123456789ABCDEF" : "0123456789abcdef")
        var bytes = Array(s.utf8)
        if precisionPresent && precision < bytes.count { bytes = Array(bytes[..<precision]) }
        var w = 2 * bytes.count
        if w > 0 {
            if space {
                if sharp { w *= 2 }
                w += bytes.count - 1
            } else if sharp {
                w += 2
            }
        } else {
            if widthPresent { writePadding(width) }
            return
        }
        if widthPresent && width > w && !minus { writePadding(width - w) }
        let prefix = upper ? "0X" : "0x"
        if sharp { out += prefix }
        for (index, b) in bytes.enumerated() {
            if space && index > 0 {
                out.append(" ")
                if sharp { out += prefix }
            }
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        if widthPresent && width > w && minus { writePadding(width - w) }
    }

    private mutating func fmtQ(_ s: String) {
        let t = truncated(s)
        if sharp && GoQuote.canBackquote(t) {
            padString("`" + t + "`")
            return
        }
        padString(GoQuote.quote(t, asciiOnly: plus))
    }

    private mutating func writePadding(_ n: Int) {
        guard n > 0 else { return }
        out += String(repeating: zero ? "0" : " ", count: n)
    }

    private mutating func padString(_ s: String) {
        if !widthPresent || width == 0 {
            out += s
            return
        }
        let w = width - s.unicodeScalars.count
        if !minus {
            writePadding(w)
            out += s
        } else {
            out += s
            writePadding(w)
        }
    }
}
