/// What `inspect` prints, following Docker's CLI inspector: without a format, a JSON array
/// indented by four spaces; with `json`, a compact array; with a template, one line per
/// element. A template that fails on the typed data is retried, as Docker does, on the
/// element as plain JSON maps with `missingkey=error`, so errors read like Docker's
/// (`map has no entry for key "Foo"`).
public enum DockerInspect {
    public struct Output: Equatable, Sendable {
        /// What goes to standard output.
        public var stdout: String
        /// One message per element the template failed on (Docker prints them on standard
        /// error, joined by newlines, and exits with status 1).
        public var errors: [String]
    }

    /// Renders `elements` (the objects that were found) with an optional `--format` value.
    /// Throws `DockerTemplateError` when the template does not parse (Docker exits with status 64).
    public static func render(_ elements: [TemplateValue], format: String?) throws -> Output {
        switch format ?? "" {
        case "":
            return Output(stdout: (try array(elements) { try GoJSON.encodeIndented($0) }) + "\n", errors: [])
        case "json":
            return Output(stdout: (try array(elements) { try GoJSON.encode($0) }) + "\n", errors: [])
        case let text:
            let template: GoTemplate
            do {
                template = try GoTemplate(text)
            } catch let error as TemplateError {
                throw DockerTemplateError(error)
            }
            var output = Output(stdout: "", errors: [])
            for element in elements {
                if let text = try? template.execute(element) {
                    output.stdout += text + "\n"
                    continue
                }
                do {
                    let raw = try rawView(element)
                    output.stdout += try template.execute(raw, options: TemplateExecutionOptions(missingKey: .error)) + "\n"
                } catch let error as TemplateError {
                    output.errors.append(DockerTemplateError(error).description)
                } catch {
                    output.errors.append("unable to read inspect data: \(error)")
                }
            }
            if output.stdout.isEmpty { output.stdout = "\n" }
            return output
        }
    }

    private static func array(_ elements: [TemplateValue], _ encode: (TemplateValue) throws -> String) throws -> String {
        if elements.isEmpty { return "[]" }
        return try encode(.list(elements))
    }

    /// The element as Docker's fallback sees it: its JSON decoded into `map[string]interface{}`.
    private static func rawView(_ element: TemplateValue) throws -> TemplateValue {
        try TemplateValue.parseJSON(try GoJSON.encode(element), objects: .maps)
    }
}
