import Glibc
import DnetCommandKit
import DnetLanguage

let version = "0.1.0"

func fileExists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
}

func runDnet(_ argv: [String]) -> Int32 {
    let options: Options
    do {
        options = try Options.parse(argv, fileExists: fileExists)
    } catch let error as Options.UsageError {
        Session().reportUsage(error.message)
        return 2
    } catch {
        return 2
    }

    let setup: EngineSetup
    do {
        setup = try EngineSetup(options: options)
    } catch let failure as CommandFailure {
        Session().reportError(failure.message)
        return 1
    } catch {
        return 1
    }

    var sandboxRoot: String?
    if options.sandbox {
        do { sandboxRoot = try Sandbox.enter() } catch let failure as Sandbox.Failure {
            Session().reportUsage(failure.message)
            return 1
        } catch {
            return 1
        }
    }
    defer { if let sandboxRoot { Sandbox.leave(sandboxRoot) } }
    let engineSetup = setup.inSandbox(sandboxRoot)

    switch options.mode {
    case .help:
        print(Options.usage, terminator: "")
        return 0
    case .version:
        print("dnet version \(version)")
        return 0
    case .command(let text):
        let session = Session(setup: engineSetup)
        return session.execute(Source(name: "<command>", text: text)).stopStatus ?? 0
    case .words(let words):
        let session = Session(setup: engineSetup)
        return session.execute(Source(name: "<command>", text: Quoting.commandLine(words))).stopStatus ?? 0
    case .script(let path, let arguments):
        return ScriptRunner(session: Session(setup: engineSetup, arguments: arguments), path: path).run()
    case .stdin:
        return runStream(engineSetup)
    case .automatic:
        if isatty(0) == 1 && isatty(1) == 1 {
            return REPL(session: Session(setup: engineSetup, interactive: true)).run()
        }
        return runStream(engineSetup)
    }
}

/// Statements from stdin: child processes get /dev/null as stdin so they cannot eat the script.
func runStream(_ setup: EngineSetup) -> Int32 {
    let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
    let session = Session(setup: setup, stdinDescriptor: devNull >= 0 ? devNull : 0)
    return StreamRunner(session: session, descriptor: 0, name: "<stdin>").run()
}

exit(runDnet(Array(CommandLine.arguments.dropFirst())))
