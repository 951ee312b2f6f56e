import Foundation

/// A failing `--format`, worded as Docker's CLI prints it:
/// `template parsing error: template: :1:2: executing "" at <.Foo>: …`.
/// Docker uses this prefix for parse and execution errors alike.
public struct DockerTemplateError: Error, CustomStringConvertible, Equatable {
    public let error: TemplateError
    public var description: String { "template parsing error: " + error.message }

    public init(_ error: TemplateError) {
        self.error = error
    }
}

/// A `--format` value for a listing command (`network ls`, `ps`), handled as Docker's CLI
/// formatter does: a leading `table` makes a table with a header row aligned by `TabWriter.docker`,
/// `json` means `{{json .}}`, the literal escapes `\t` and `\n` become a tab and a newline, and
/// spaces around the template are trimmed.
public struct DockerFormat: Sendable {
    /// Whether the output is a table with a header row.
    public let isTable: Bool
    /// The template each row is rendered with.
    public let template: GoTemplate

    /// Parses a `--format` value. `aliases` maps whole format values to what they stand for in
    /// this command, as each Docker command's `NewFormat` does (e.g. `"table"` →
    /// `"table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"` for `network ls`).
    public init(_ format: String, aliases: [String: String] = [:]) throws {
        let expanded = aliases[format] ?? format
        isTable = expanded.hasPrefix("table")
        var text = expanded
        if isTable {
            text = String(text.dropFirst("table".count))
        } else if text == "json" {
            text = "{{json .}}"
        }
        text = Self.trimSpaces(text)
            .replacingOccurrences(of: "\\t", with: "\t")
            .replacingOccurrences(of: "\\n", with: "\n")
        do {
            template = try GoTemplate(text)
        } catch let error as TemplateError {
            throw DockerTemplateError(error)
        }
    }

    /// Renders the rows, each followed by a newline. For a table, the header row comes first:
    /// the same template run on `headers` (field name → column title, e.g. `"ID": "NETWORK ID"`)
    /// with Docker's header functions, and everything is aligned into columns.
    /// Throws at the first row that fails, as Docker prints nothing then.
    public func render(_ rows: [TemplateValue], headers: [String: String] = [:]) throws -> String {
        var body = ""
        for row in rows {
            do {
                try template.execute(row, into: &body)
            } catch let error as TemplateError {
                throw DockerTemplateError(error)
            }
            body.append("\n")
        }
        guard isTable else { return body }
        // Docker ignores a failing header: whatever printed before the failure is the header.
        var header = ""
        try? template.execute(.map(TemplateMap(strings: headers)),
                              options: TemplateExecutionOptions(functions: .dockerHeader), into: &header)
        return TabWriter.docker.format(header + "\n" + body)
    }

    /// Go's `strings.Trim(s, " ")`.
    private static func trimSpaces(_ s: String) -> String {
        var sub = Substring(s)
        while sub.first == " " { sub = sub.dropFirst() }
        while sub.last == " " { sub = sub.dropLast() }
        return String(sub)
    }
}
