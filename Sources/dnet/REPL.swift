import Glibc
import CEditLine
import DnetCommandKit
import DnetLanguage

/// The interactive shell: libedit line editing, history in ~/.dnet_history, tab completion,
/// `...> ` while a block, bracket, quote or `$(` is open, and Ctrl-C back to the prompt.
struct REPL {
    let session: Session
    static let historyLimit: Int32 = 1000

    func run() -> Int32 {
        Signals.install(session.context.interruption)
        let historyPath = REPL.historyPath()
        using_history()
        stifle_history(REPL.historyLimit)
        if let historyPath { _ = read_history(historyPath) }
        Completion.install(session)

        var pending = ""
        var firstLine = 1
        var lineNumber = 0
        while true {
            session.context.interruption.clear()
            guard let raw = readline(pending.isEmpty ? "dnet> " : "...> ") else {
                if session.context.interruption.isRequested {
                    // Ctrl-C while editing: drop the line (and any open block), prompt again.
                    pending = ""
                    writeOut("\n")
                    continue
                }
                writeOut("\n")
                return session.interpreter.lastStatus
            }
            let line = String(cString: raw)
            free(raw)
            lineNumber += 1
            if !line.trimmingSpaces.isEmpty {
                add_history(line)
                if let historyPath { _ = write_history(historyPath) }
            }
            if pending.isEmpty { firstLine = lineNumber }
            pending += line + "\n"
            if Interpreter.inputState(of: pending) == .incomplete { continue }
            let text = pending
            pending = ""
            switch session.execute(Source(name: "<stdin>", text: text, firstLine: firstLine)) {
            case .ok, .error:
                break // errors print and the shell goes on
            case .exit(let code):
                return code
            case .interrupted:
                writeOut("\n")
            }
        }
    }

    private func writeOut(_ text: String) {
        session.context.stdout.write(text)
        session.context.stdout.flush()
    }

    static func historyPath() -> String? {
        guard let home = getenv("HOME") else { return nil }
        return String(cString: home) + "/.dnet_history"
    }
}

extension String {
    var trimmingSpaces: Substring {
        drop { $0 == " " || $0 == "\t" }
    }
}
