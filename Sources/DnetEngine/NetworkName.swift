/// The naming rules dnet enforces on networks and containers.
public enum NetworkName {
    /// `[a-zA-Z0-9][a-zA-Z0-9_.-]*`: stricter than Docker, so that every name is a safe word,
    /// file name and completion.
    public static func isValid(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isAlphanumeric(first) else { return false }
        return name.unicodeScalars.allSatisfy { isAlphanumeric($0) || $0 == "_" || $0 == "." || $0 == "-" }
    }

    /// A kernel interface name: 1 to 15 bytes, no '/', ':' or whitespace.
    public static func isValidInterfaceName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 15 && name != "." && name != ".."
            && !name.unicodeScalars.contains { $0 == "/" || $0 == ":" || $0.properties.isWhitespace }
    }

    private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c))
    }
}
