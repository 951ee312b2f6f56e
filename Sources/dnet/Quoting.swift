/// Turns argv words back into dnet source that yields exactly those words.
enum Quoting {
    /// `["echo", "a b", "$x"]` → `echo "a b" "\$x"`: plain words stay bare, others are
    /// double-quoted with every special escaped.
    static func commandLine(_ words: [String]) -> String {
        words.map { isPlain($0) ? $0 : quote($0) }.joined(separator: " ")
    }

    static func isPlain(_ word: String) -> Bool {
        !word.isEmpty && !word.hasPrefix("#") && word.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic && $0.isASCII) || ("0"..."9").contains($0) || "-_./:,@%+".unicodeScalars.contains($0)
        }
    }

    static func quote(_ word: String) -> String {
        var out = "\""
        for ch in word {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "$": out += "\\$"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
