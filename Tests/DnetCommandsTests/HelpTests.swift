import Testing
import DnetCommandKit

/// `network --help`, `network SUBCOMMAND --help` and `help network …`: the docker CLI's help
/// (`docker network … --help` of Docker 28), less `--ipv4` (Docker's API 1.48; the reference daemon has no IPv4-less networks), with the
/// blank line that starts every dnet help.
struct HelpTests {
    static let expected: [(words: String, text: String)] = [
        ("", #"""

Usage:  network COMMAND

Manage networks

Commands:
  connect     Connect a container to a network
  create      Create a network
  disconnect  Disconnect a container from a network
  inspect     Display detailed information on one or more networks
  ls          List networks
  prune       Remove all unused networks
  rm          Remove one or more networks

Run 'network COMMAND --help' for more information on a command.

"""#),
        ("create", #"""

Usage:  network create [OPTIONS] NETWORK

Create a network

Options:
      --attachable           Enable manual container attachment
      --aux-address map      Auxiliary IPv4 or IPv6 addresses used by
                             Network driver (default map[])
      --config-from string   The network from which to copy the configuration
      --config-only          Create a configuration only network
  -d, --driver string        Driver to manage the Network (default "bridge")
      --gateway strings      IPv4 or IPv6 Gateway for the master subnet
      --ingress              Create swarm routing-mesh network
      --internal             Restrict external access to the network
      --ip-range strings     Allocate container ip from a sub-range
      --ipam-driver string   IP Address Management Driver (default "default")
      --ipam-opt map         Set IPAM driver specific options (default map[])
      --ipv6                 Enable or disable IPv6 address assignment
      --label list           Set metadata on a network
  -o, --opt map              Set driver specific options (default map[])
      --scope string         Control the network's scope
      --subnet strings       Subnet in CIDR format that represents a
                             network segment

"""#),
        ("inspect", #"""

Usage:  network inspect [OPTIONS] NETWORK [NETWORK...]

Display detailed information on one or more networks

Options:
  -f, --format string   Format output using a custom template:
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
  -v, --verbose         Verbose output for diagnostics

"""#),
        ("ls", #"""

Usage:  network ls [OPTIONS]

List networks

Aliases:
  network ls, network list

Options:
  -f, --filter filter   Provide filter values (e.g. "driver=bridge")
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
      --no-trunc        Do not truncate the output
  -q, --quiet           Only display network IDs

"""#),
        ("prune", #"""

Usage:  network prune [OPTIONS]

Remove all unused networks

Options:
      --filter filter   Provide filter values (e.g. "until=<timestamp>")
  -f, --force           Do not prompt for confirmation

"""#),
        ("rm", #"""

Usage:  network rm NETWORK [NETWORK...]

Remove one or more networks

Aliases:
  network rm, network remove

Options:
  -f, --force   Do not error if the network does not exist

"""#),
    ]

    @Test(arguments: expected.map(\.words))
    func helpIsDockers(_ words: String) throws {
        let text = try #require(Self.expected.first { $0.words == words }?.text)
        let harness = try CommandHarness()
        let command = "network " + (words.isEmpty ? "" : words + " ")
        #expect(harness.run(command + "--help") == Outcome(stdout: text, stderr: "", status: 0))
        #expect(harness.run(command + "-h").stdout == text)
        // `help network …` (the language's help statement) reads the same declarations.
        #expect(harness.registry.helpText(for: ["network"] + (words.isEmpty ? [] : [words])) == text)
    }

    @Test func networkAloneAndAliasesPrintHelp() throws {
        let harness = try CommandHarness()
        let help = try #require(Self.expected.first { $0.words == "" }?.text)
        #expect(harness.run("network") == Outcome(stdout: help, stderr: "", status: 0))
        let ls = try #require(Self.expected.first { $0.words == "ls" }?.text)
        #expect(harness.run("network list --help").stdout == ls)
        #expect(harness.registry.helpText(for: ["network", "remove"]) == harness.run("network rm --help").stdout)
        // --help wins over arguments, not over a bad flag; as a flag's value it is that value.
        #expect(harness.run("network ls x --help").stdout == ls)
        #expect(harness.run("network ls --help --bogus").status == 125)
        #expect(harness.run("network ls --filter --help").stderr.hasPrefix(
            "invalid argument \"--help\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n"))
    }
}
