/// A syntax error at a byte offset. `incomplete` means the text ended inside an open construct
/// (block, bracket, quote, `$(`, a trailing `\`), so more input could complete it.
struct ParseError: Error {
    let message: String
    let offset: Offset
    let incomplete: Bool
}
