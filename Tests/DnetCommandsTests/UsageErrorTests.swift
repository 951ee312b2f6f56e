import Testing

/// Wrong subcommands, flags, flag values and argument counts: the docker CLI's texts (as
/// Docker 28's `docker network …` prints them, without its `docker: ` and `docker ` words) and
/// exit statuses (125 for flags, 1 for the rest). None of them needs the engine.
struct UsageErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var command: String
        var message: String
        var status: Int32
        var testDescription: String { command }
    }

    static func usage(_ path: String, _ line: String, see: String = "Run") -> String {
        "\n\nUsage:  \(line)\n\n\(see) '\(path) --help' for more information"
    }

    static let cases: [Case] = [
        Case(command: "network foo", message: "unknown command: network foo" + usage("network", "network"), status: 1),
        Case(command: "network --bogus", message: "unknown flag: --bogus" + usage("network", "network"), status: 125),
        Case(command: "network ls x", message: "'network ls' accepts no arguments" + usage("network ls", "network ls [OPTIONS]"), status: 1),
        Case(command: "network prune x", message: "'network prune' accepts no arguments" + usage("network prune", "network prune [OPTIONS]"), status: 1),
        Case(command: "network create", message: "'network create' requires 1 argument" + usage("network create", "network create [OPTIONS] NETWORK"), status: 1),
        Case(command: "network create a b", message: "'network create' requires 1 argument" + usage("network create", "network create [OPTIONS] NETWORK"), status: 1),
        Case(command: "network inspect", message: "'network inspect' requires at least 1 argument"
                + usage("network inspect", "network inspect [OPTIONS] NETWORK [NETWORK...]", see: "See"), status: 1),
        Case(command: "network rm", message: "'network rm' requires at least 1 argument"
                + usage("network rm", "network rm NETWORK [NETWORK...]", see: "See"), status: 1),
        Case(command: "network ls --bogus", message: "unknown flag: --bogus" + usage("network ls", "network ls [OPTIONS]"), status: 125),
        Case(command: "network ls -qz", message: "unknown shorthand flag: 'z' in -z" + usage("network ls", "network ls [OPTIONS]"), status: 125),
        Case(command: "network ls --no-trunc=maybe",
             message: "invalid argument \"maybe\" for \"--no-trunc\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"
                + usage("network ls", "network ls [OPTIONS]"), status: 125),
        Case(command: "network ls -q=maybe",
             message: "invalid argument \"maybe\" for \"-q, --quiet\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"
                + usage("network ls", "network ls [OPTIONS]"), status: 125),
        Case(command: "network ls -f foo",
             message: "invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)"
                + usage("network ls", "network ls [OPTIONS]"), status: 125),
        Case(command: "network prune --filter foo",
             message: "invalid argument \"foo\" for \"--filter\" flag: bad format of filter (expected name=value)"
                + usage("network prune", "network prune [OPTIONS]"), status: 125),
        Case(command: "network create -d",
             message: "flag needs an argument: 'd' in -d" + usage("network create", "network create [OPTIONS] NETWORK"), status: 125),
        Case(command: "network create --internal=maybe x",
             message: "invalid argument \"maybe\" for \"--internal\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"
                + usage("network create", "network create [OPTIONS] NETWORK"), status: 125),
        Case(command: "network create --label =v x",
             message: "invalid argument \"=v\" for \"--label\" flag: invalid label '=v': empty name"
                + usage("network create", "network create [OPTIONS] NETWORK"), status: 125),
        Case(command: "network create --label ' a b=c' x",
             message: "invalid argument \" a b=c\" for \"--label\" flag: label 'a b' contains whitespaces"
                + usage("network create", "network create [OPTIONS] NETWORK"), status: 125),
    ]

    @Test(arguments: cases)
    func refusedWithDockersText(_ bad: Case) throws {
        let harness = try CommandHarness()
        #expect(harness.run(bad.command) == Outcome(stdout: "", stderr: bad.message + "\n", status: bad.status))
        // Nothing was even started: no engine, so no predefined networks were made.
        #expect(harness.handle.existing == nil)
    }
}
