/// The docker CLI's name order for listings (`sortorder.NaturalLess`): runs of digits compare
/// as numbers and sort before other characters, everything else compares bytewise, so
/// `n-v6` comes before `n-v46` and `Fc` before `bridge`.
enum NaturalOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        var i = 0, j = 0
        while i < x.count && j < y.count {
            let dx = isDigit(x[i]), dy = isDigit(y[j])
            if dx != dy { return dx }
            if !dx {
                if x[i] != y[j] { return x[i] < y[j] }
                i += 1
                j += 1
                continue
            }
            while i < x.count && x[i] == UInt8(ascii: "0") { i += 1 }
            while j < y.count && y[j] == UInt8(ascii: "0") { j += 1 }
            let startX = i, startY = j
            while i < x.count && isDigit(x[i]) { i += 1 }
            while j < y.count && isDigit(y[j]) { j += 1 }
            if i - startX != j - startY { return i - startX < j - startY }
            let numberX = x[startX..<i], numberY = y[startY..<j]
            if numberX != numberY { return numberX.lexicographicallyPrecedes(numberY) }
            // Equal numbers: the one with fewer leading zeros first.
            if startX != startY { return startX < startY }
        }
        return x.count < y.count
    }
}
