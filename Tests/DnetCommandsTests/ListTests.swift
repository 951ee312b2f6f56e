import Testing
@testable import DnetCommands

/// `network ls` beyond the transcripts: Docker's filter rules and texts, its `--format`
/// variants, and its name order.
struct ListTests {
    /// fa (labels team=a, tier=web; one container), fb (team=b), Fc (internal), fmv (macvlan).
    static func harness() throws -> CommandHarness {
        let harness = try CommandHarness()
        harness.run("network create --label team=a --label tier=web fa")
        harness.run("network create --label team=b fb")
        harness.run("network create --internal Fc")
        harness.run("network create -d macvlan -o parent=par0 fmv")
        harness.run("attach fa")
        return harness
    }

    static func names(_ harness: CommandHarness, _ filters: String) -> String {
        let outcome = harness.run("network ls --format '{{.Name}}' \(filters)")
        return outcome.status == 0 ? outcome.stdout.split(separator: "\n").joined(separator: " ") : outcome.stderr
    }

    @Test(arguments: [
        ("-f driver=bridge -f driver=macvlan", "Fc bridge fa fb fmv"),  // one key: OR
        ("-f driver=bridge -f name=f", "fa fb"),                      // two keys: AND
        ("-f name=", "Fc bridge fa fb fmv host none"),
        ("-f 'NAME = o '", "host none"),                              // keys lowercased, both trimmed
        ("-f label=team", "fa fb"),
        ("-f label=team=a -f label=team=b", ""),                      // labels: AND, as Docker's MatchKVList
        ("-f label=tier=web -f label=team", "fa"),
        ("-f label=team=", ""),
        ("-f type=builtin -f type=custom", "Fc bridge fa fb fmv host none"),
        ("-f type=custom -f name=F", "Fc"),
        ("-f dangling=1", "Fc fb fmv"),
        ("-f dangling=0 -f type=custom", "fa"),
        ("-f scope=local -f scope=swarm", "Fc bridge fa fb fmv host none"),
    ])
    func filters(_ filters: String, _ expected: String) throws {
        #expect(Self.names(try Self.harness(), filters) == expected)
    }

    @Test func idFilterTakesAPrefix() throws {
        let harness = try Self.harness()
        let id = try harness.engine.network("fb").id
        #expect(Self.names(harness, "-f id=\(id.prefix(8))") == "fb")
        #expect(Self.names(harness, "-f id=\(id)") == "fb")
        #expect(Self.names(harness, "-f id=\(id.dropFirst(1).prefix(20))").isEmpty)
    }

    @Test(arguments: [
        ("-f bogus=1 -f name=x", "Invalid filter 'bogus'\n"),
        ("-f dangling=maybe", "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")\n"),
        ("-f dangling=True", "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")\n"),
        ("-f dangling=true -f dangling=1", "got more than one value for filter key \"dangling\"\n"),
        ("-f type=custom -f type=mine", "invalid filter: 'type'='mine'\n"),
    ])
    func badFiltersGetDockersTexts(_ filters: String, _ message: String) throws {
        #expect(try Self.harness().run("network ls \(filters)") == Outcome(stdout: "", stderr: message, status: 1))
    }

    @Test func formatsFollowDockersNewFormat() throws {
        let harness = try Self.harness()
        let ids = harness.run("network ls -q").stdout
        #expect(ids.split(separator: "\n").count == 7 && ids.split(separator: "\n").allSatisfy { $0.count == 12 })
        // With -q, `table` (and no format) means ids; any other format wins over -q.
        #expect(harness.run("network ls -q --format table").stdout == ids)
        #expect(harness.run("network ls -q --format '{{.Name}}'").stdout == "Fc\nbridge\nfa\nfb\nfmv\nhost\nnone\n")
        #expect(harness.run("network ls -q --format raw -f name=fmv").stdout == "network_id: \(ids.split(separator: "\n")[4])\n")
        #expect(harness.run("network ls --format raw -f name=fmv").stdout
                == "network_id: \(ids.split(separator: "\n")[4])\nname: fmv\ndriver: macvlan\nscope: local\n\n")
        #expect(harness.run("network ls -q --format json -f name=fb").stdout.hasPrefix("{\"CreatedAt\":"))
        let table = harness.run("network ls --format 'table {{.Name}}\\t{{.IPv6}}\\t{{.Internal}}\\t{{.Labels}}' -f name=F")
        #expect(table.stdout == "NAME      IPV6      INTERNAL   LABELS\nFc        false     true       \n")
        let created = harness.run("network ls --format '{{.CreatedAt}}' -f name=fb").stdout
        #expect(try created.wholeMatch(of: Regex(#"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC\n"#)) != nil)
    }

    @Test func templateErrorsAreDockers() throws {
        let harness = try CommandHarness()
        #expect(harness.run("network ls --format '{{.Bogus}}'") == Outcome(
            stdout: "",
            stderr: "template parsing error: template: :1:2: executing \"\" at <.Bogus>: can't evaluate field Bogus in type *formatter.networkContext\n",
            status: 1))
        #expect(harness.run("network ls --format '{{.Name'")
                == Outcome(stdout: "", stderr: "template parsing error: template: :1: unclosed action\n", status: 1))
    }

    @Test func namesSortInTheDockerCLIsNaturalOrder() {
        let sorted = ["n-v46", "bridge", "n-v6", "Fc", "10.80", "615f", "a10", "a9", "a09", "x", "x1"]
            .sorted(by: NaturalOrder.less)
        #expect(sorted == ["10.80", "615f", "Fc", "a9", "a09", "a10", "bridge", "n-v6", "n-v46", "x", "x1"])
    }
}
