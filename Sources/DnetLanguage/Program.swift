/// A compiled piece of dnet text, ready to run on the interpreter that compiled it.
public final class Program {
    let body: Execute
    let frameSize: Int
    let file: SourceFile

    init(body: @escaping Execute, frameSize: Int, file: SourceFile) {
        self.body = body
        self.frameSize = frameSize
        self.file = file
    }
}

extension Runtime {
    func compile(_ file: SourceFile) throws -> Program {
        let statements: [Statement]
        do {
            statements = try Parser(bytes: file.bytes).parseProgram()
        } catch let error as ParseError {
            throw file.diagnostic(.syntax, error.message, at: error.offset)
        }
        let compiler = Compiler(runtime: self, file: file)
        let body = compiler.compileStatements(statements)
        return Program(body: body, frameSize: compiler.frameSize, file: file)
    }

    func execute(_ program: Program) throws {
        _ = try Frame.with(size: program.frameSize) { try program.body($0) }
    }
}
