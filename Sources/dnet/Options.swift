import DnetCommands

/// dnet's own command line: how to run (REPL, script, -c, stdin, one command) and with what
/// engine settings.
struct Options {
    enum Mode: Equatable {
        /// REPL when stdin and stdout are terminals, else statements from stdin.
        case automatic
        case stdin
        case command(String)
        case script(path: String, arguments: [String])
        /// Words after dnet's flags that are not a file: run as one command (`dnet network ls`).
        case words([String])
        case help
        case version
        /// `dnet daemon`: serve the engine on the `-H` sockets.
        case daemon
    }

    var mode: Mode = .automatic
    /// Run everything in a private network and mount namespace with a temporary data root.
    var sandbox = false
    /// Print the kernel steps as iproute2 commands instead of making them; change no state.
    var dryRun = false
    var dataRoot: String?
    var configFile: String?
    /// Engine flags (`--bip`, `--mtu`, …) as given, parsed by `EngineFlags`.
    var engineArguments: [String] = []
    /// `-H/--host`, as given: on `dnet daemon` the sockets to listen on (repeatable); else the
    /// daemon to send every engine command to.
    var hosts: [String] = []
    /// `--tls`, `--tlsverify`, `--tlscacert`, `--tlscert`, `--tlskey`, as dockerd and the docker
    /// CLI take them.
    var tls = false
    var tlsVerify = false
    var tlsCACert: String?
    var tlsCert: String?
    var tlsKey: String?

    /// True when any TLS option was given.
    var usesTLS: Bool { tls || tlsVerify || tlsCACert != nil || tlsCert != nil || tlsKey != nil }

    struct UsageError: Error { var message: String }

    static let usage = """
    Usage:  dnet [OPTIONS] [SCRIPT [ARGS...] | COMMAND [ARGS...] | -]
            dnet daemon [-H ADDRESS]... [OPTIONS]

    A shell and language for Linux container networking.

    With no argument, dnet runs an interactive shell when stdin and stdout are terminals,
    and otherwise runs the statements it reads from stdin.

    Options:
      -c TEXT                 Run TEXT as a script (statements separated by ';' or newlines)
      -                       Read statements from stdin, even from a terminal
          --sandbox           Run in a private network and mount namespace with a temporary
                              data root: nothing on the host changes, everything goes at exit
          --dry-run           Print each kernel step as the equivalent iproute2 command instead
                              of making it; the state does not change
          --data-root string  Where the engine keeps its state (default "/var/lib/dnet")
          --config-file string
                              Engine settings in Docker's daemon.json format
                              (default "/etc/dnet/daemon.json")
      -H, --host list         The daemon to send engine commands to (also DNET_HOST);
                              on `dnet daemon`, the sockets to listen on (repeatable,
                              default unix:///run/dnet.sock): unix:///PATH or tcp://HOST:PORT
          --tls               Use TLS (implied by --tlsverify)
          --tlsverify         Use TLS and verify the peer (a daemon outside loopback needs it)
          --tlscacert string  Trust certs signed only by this CA
          --tlscert string    Path to TLS certificate file
          --tlskey string     Path to TLS key file
      -h, --help              Print this help
      -v, --version           Print the version

    Engine options (Docker's daemon flags):

    """ + EngineCommandHelp.text + """

    Examples:
      dnet                                  interactive shell
      dnet script.dnet arg1 arg2            run a script ($args holds the arguments)
      dnet -c 'echo hi; echo there'         run statements
      dnet network ls                       run one command
      echo 'network ls' | dnet              run statements from a pipe
      dnet --sandbox examples/topology.dnet try a topology without touching the host
      dnet daemon -H unix:///run/dnet.sock  serve the engine to `docker -H …` and `dnet -H …`
      dnet -H unix:///run/dnet.sock network ls

    """

    static func parse(_ argv: [String], fileExists: (String) -> Bool) throws -> Options {
        var options = Options()
        var i = 0
        func value(_ flag: String) throws -> String {
            if let equals = argv[i].firstIndex(of: "="), argv[i].hasPrefix("--") {
                i += 1
                return String(argv[i - 1][argv[i - 1].index(after: equals)...])
            }
            guard i + 1 < argv.count else { throw UsageError(message: "flag needs an argument: \(flag)") }
            i += 2
            return argv[i - 1]
        }
        /// A boolean flag: bare, or `--flag=true|false`.
        func boolValue(_ flag: String) throws -> Bool {
            let arg = argv[i]
            i += 1
            guard let equals = arg.firstIndex(of: "=") else { return true }
            switch arg[arg.index(after: equals)...] {
            case "true", "1": return true
            case "false", "0": return false
            default: throw UsageError(message: "invalid boolean value for \(flag): \(arg)")
            }
        }
        while i < argv.count {
            let arg = argv[i]
            let name = String(arg.prefix { $0 != "=" })
            switch name {
            case "-c" where options.mode != .daemon:
                options.mode = .command(try value("-c"))
                if i < argv.count { throw UsageError(message: "unexpected argument after -c TEXT: \(argv[i])") }
                return options
            case "-" where options.mode != .daemon:
                options.mode = .stdin
                i += 1
                if i < argv.count { throw UsageError(message: "unexpected argument after -: \(argv[i])") }
                return options
            case "-h", "--help":
                options.mode = .help
                return options
            case "-v", "--version":
                options.mode = .version
                return options
            case "--sandbox":
                options.sandbox = true
                i += 1
            case "--dry-run":
                options.dryRun = true
                i += 1
            case "--data-root":
                options.dataRoot = try value(name)
            case "--config-file":
                options.configFile = try value(name)
            case "-H", "--host":
                options.hosts.append(try value(name))
            case "--tls":
                options.tls = try boolValue(name)
            case "--tlsverify":
                options.tlsVerify = try boolValue(name)
            case "--tlscacert":
                options.tlsCACert = try value(name)
            case "--tlscert":
                options.tlsCert = try value(name)
            case "--tlskey":
                options.tlsKey = try value(name)
            case "--" where options.mode != .daemon:
                i += 1
                if i < argv.count { options.mode = firstWord(argv, from: i, fileExists: fileExists) }
                return options
            default:
                if EngineFlags.isEngineFlag(arg) {
                    options.engineArguments.append(arg)
                    if EngineFlags.takesSeparateValue(arg) {
                        guard i + 1 < argv.count else { throw UsageError(message: "flag needs an argument: \(arg)") }
                        options.engineArguments.append(argv[i + 1])
                        i += 1
                    }
                    i += 1
                } else if arg.hasPrefix("-") && arg.count > 1 {
                    throw UsageError(message: "unknown flag: \(name)")
                } else if arg == "daemon" && options.mode == .automatic {
                    // dockerd's flags may follow: the loop goes on with them.
                    options.mode = .daemon
                    i += 1
                } else if options.mode == .daemon {
                    throw UsageError(message: "dnet daemon takes flags only, not \(arg)")
                } else {
                    options.mode = firstWord(argv, from: i, fileExists: fileExists)
                    return options
                }
            }
        }
        return options
    }

    private static func firstWord(_ argv: [String], from i: Int, fileExists: (String) -> Bool) -> Mode {
        let word = argv[i]
        if fileExists(word) {
            return .script(path: word, arguments: Array(argv[(i + 1)...]))
        }
        return .words(Array(argv[i...]))
    }
}
