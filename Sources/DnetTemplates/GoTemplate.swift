/// What a missing map key evaluates to (Go's `Option("missingkey=…")`).
public enum MissingKeyOption: Sendable {
    /// Go's default: a missing key is "no value" and prints `<no value>`.
    case invalid
    /// The zero value of the map's element type.
    case zero
    /// An error: `map has no entry for key "K"` (Docker's inspect retries with this on raw data).
    case error
}

/// How a template runs.
public struct TemplateExecutionOptions: Sendable {
    public var missingKey: MissingKeyOption
    public var functions: TemplateFunctionSet

    public init(missingKey: MissingKeyOption = .invalid, functions: TemplateFunctionSet = .docker) {
        self.missingKey = missingKey
        self.functions = functions
    }
}

/// A parsed Go text/template, as Docker's CLI uses for every `--format`: parse once, run many times.
///
/// Supports Go's whole action syntax (fields, variables, pipelines, `if`/`else if`/`with`/`else with`/
/// `range` with `break` and `continue`, `define`/`template`/`block`, comments, trim markers), Go's
/// builtin functions and Docker's helpers. Not supported: complex number literals.
public struct GoTemplate: @unchecked Sendable {  // the parse tree is never mutated after parsing
    /// The template text.
    public let source: String
    /// The template's name in messages (`template: NAME:1:2: …`); Docker's is empty.
    public let name: String
    let root: [TemplateNode]
    let definitions: [String: [TemplateNode]]
    let sourceBytes: [UInt8]

    /// Parses `source`, or throws a `TemplateError` of kind `.parse` with Go's message.
    public init(_ source: String, name: String = "") throws {
        let result = try TemplateParser.parse(source, name: name, functions: TemplateFunctions.names)
        self.source = source
        self.name = name
        self.root = result.root
        self.definitions = result.definitions
        self.sourceBytes = Array(source.utf8)
    }

    /// Runs the template on `data` and returns what it printed.
    public func execute(_ data: TemplateValue, options: TemplateExecutionOptions = TemplateExecutionOptions()) throws -> String {
        var out = ""
        try execute(data, options: options, into: &out)
        return out
    }

    /// Runs the template on `data`, appending to `output`. When it fails, what was printed
    /// before the failure stays in `output` (Docker relies on that for table headers).
    public func execute(_ data: TemplateValue, options: TemplateExecutionOptions = TemplateExecutionOptions(),
                        into output: inout String) throws {
        // Go runs on reflect.ValueOf(data): a nil interface is no value at all.
        let dot: TemplateValue = data.isUntypedNil ? .null(.missing) : data
        var executor = TemplateExecutor(template: self, data: dot, options: options)
        try executor.run(dot, into: &output)
    }
}
