import Glibc
import DnetCommandKit
import DnetDaemon
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
    switch options.mode {
    case .help:
        print(Options.usage, terminator: "")
        return 0
    case .version:
        print("dnet version \(version)")
        return 0
    default:
        break
    }

    // `-H` (or DNET_HOST): the language runs here, the engine commands on that daemon.
    if options.mode != .daemon, let host = options.hosts.last ?? getenv("DNET_HOST").map({ String(cString: $0) }), !host.isEmpty {
        let client: DaemonClient
        do {
            client = try RemoteSession.client(options, host: host)
        } catch let error as Options.UsageError {
            Session().reportUsage(error.message)
            return 2
        } catch let failure as DaemonFailure {
            Session().reportError(failure.message)
            return 1
        } catch {
            return 1
        }
        return run(options.mode) { arguments, stdin, interactive in
            Session(remote: client, arguments: arguments, stdinDescriptor: stdin, interactive: interactive)
        }
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
    if options.mode == .daemon { return DaemonMode.run(engineSetup, version: version) }
    return run(options.mode) { arguments, stdin, interactive in
        Session(setup: engineSetup, arguments: arguments, stdinDescriptor: stdin, interactive: interactive)
    }
}

/// Runs the language in `mode`, with sessions from `makeSession` (arguments, stdin, interactive).
func run(_ mode: Options.Mode, _ makeSession: ([String], Int32, Bool) -> Session) -> Int32 {
    switch mode {
    case .command(let text):
        return makeSession([], 0, false).execute(Source(name: "<command>", text: text)).stopStatus ?? 0
    case .words(let words):
        return makeSession([], 0, false).execute(Source(name: "<command>", text: Quoting.commandLine(words))).stopStatus ?? 0
    case .script(let path, let arguments):
        return ScriptRunner(session: makeSession(arguments, 0, false), path: path).run()
    case .stdin:
        return runStream(makeSession)
    case .automatic:
        if isatty(0) == 1 && isatty(1) == 1 {
            return REPL(session: makeSession([], 0, true)).run()
        }
        return runStream(makeSession)
    case .help, .version, .daemon:
        return 2
    }
}

/// Statements from stdin: child processes get /dev/null as stdin so they cannot eat the script.
func runStream(_ makeSession: ([String], Int32, Bool) -> Session) -> Int32 {
    let devNull = open("/dev/null", O_RDONLY | O_CLOEXEC)
    let session = makeSession([], devNull >= 0 ? devNull : 0, false)
    return StreamRunner(session: session, descriptor: 0, name: "<stdin>").run()
}

exit(runDnet(Array(CommandLine.arguments.dropFirst())))
