import DnetCommandKit
import DnetTemplates

/// Docker's output rules for listings (`--format` templates, `table`, `json`) and for `inspect`.
enum ListOutput {
    /// The docker CLI's `--format` help of listing commands.
    static let formatHelp = """
        Format output using a custom template:
        'table':            Print output in table format with column headers (default)
        'table TEMPLATE':   Print output in table format using the given Go template
        'json':             Print in JSON format
        'TEMPLATE':         Print output using the given Go template.
        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
        """

    /// The docker CLI's `--format` help of inspect commands.
    static let inspectFormatHelp = """
        Format output using a custom template:
        'json':             Print in JSON format
        'TEMPLATE':         Print output using the given Go template.
        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates
        """

    /// Renders list rows with a format (a template, `table …` or `json`).
    static func render(_ rows: [TemplateValue], format: String, headers: [String: String]) throws -> String {
        do {
            return try DockerFormat(format).render(rows, headers: headers)
        } catch let error as DockerTemplateError {
            throw CommandFailure(error.description)
        }
    }

    /// Prints what `inspect` found; the references that were not found fail the command after it.
    static func inspect(_ objects: [TemplateValue], format: String?, failures: [String], to output: OutputSink) throws {
        let rendered: DockerInspect.Output
        do {
            rendered = try DockerInspect.render(objects, format: format)
        } catch let error as DockerTemplateError {
            throw CommandFailure(error.description, status: 64)
        }
        output.write(rendered.stdout)
        let errors = rendered.errors + failures
        if !errors.isEmpty { throw CommandFailure(errors.joined(separator: "\n")) }
    }
}
