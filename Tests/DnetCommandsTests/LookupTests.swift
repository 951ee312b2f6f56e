import Testing

/// How commands find a network: full id, name, unique id prefix (transcript 09), and what
/// they say when a prefix is ambiguous or a reference is empty.
struct LookupTests {
    /// Transcript 09's lookups. `615f` was the first 4 digits of Docker's bridge id: the test
    /// puts this run's in its place.
    static let expected = #"""
=== $ network create --subnet 10.80.0.0/24 alloc
--- stdout ---
f3531b6fd607a6e5ad9d8b6e6cbd0b7c7a1b9fbb4bc1c3f1b78e5e6b16e9f0c2
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}}' $(network inspect -f '{{printf "%.5s" .Id}}' alloc)
--- stdout ---
alloc
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}}' $(network inspect -f '{{.Id}}' alloc)
--- stdout ---
alloc
--- stderr ---
--- exit code: 0

=== $ network create 10.80
--- stdout ---
4ffa8c5286fd7dbf850a8de6139e7cd6d72369b9b90d322e33bc79c5dc9bd92d
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{.Id}}' 10.80
--- stdout ---
10.80 4ffa8c5286fd7dbf850a8de6139e7cd6d72369b9b90d322e33bc79c5dc9bd92d
--- stderr ---
--- exit code: 0

=== $ network create $(network inspect -f '{{printf "%.4s" .Id}}' bridge)
--- stdout ---
7ff49daf756e3f71800cfc5d62353aa3bd70e33685988a9736a30fd78c7e6fd0
--- stderr ---
--- exit code: 0

=== $ network inspect -f '{{.Name}} {{.Driver}}' $(network inspect -f '{{printf "%.4s" .Id}}' bridge)
--- stdout ---
615f bridge
--- stderr ---
--- exit code: 0

=== $ network rm $(network inspect -f '{{printf "%.4s" .Id}}' bridge) 10.80
--- stdout ---
615f
10.80
--- stderr ---
--- exit code: 0
"""#

    @Test func findsByIdNameAndUniquePrefixAsDockerDoes() throws {
        let harness = try CommandHarness()
        let bridgePrefix = String(try harness.engine.network("bridge").id.prefix(4))
        Transcript.check(Self.expected, on: harness, adjusting: [
            Transcript.Adjustment(docker: "615f", dnet: bridgePrefix, reason: "this run's bridge id"),
        ])
    }

    /// With 17 networks, two ids share their first digit: that digit is ambiguous.
    @Test func ambiguousPrefixesAreRefusedWithDockersTexts() throws {
        let harness = try CommandHarness()
        for n in 1...14 { harness.run("network create n\(n)") }
        let ids = try harness.engine.networks().map(\.id)
        #expect(ids.count == 17)
        let digit = try #require(Dictionary(grouping: ids, by: { $0.prefix(1) }).first { $0.value.count > 1 })
        let prefix = String(digit.key), count = digit.value.count
        #expect(harness.run("network inspect \(prefix)")
                == Outcome(stdout: "[]\n", stderr: "\(count) matches found based on ID prefix: network \(prefix) is ambiguous\n", status: 1))
        let rm = Outcome(stdout: "", stderr: "network \(prefix) is ambiguous (\(count) matches found based on ID prefix)\n", status: 1)
        #expect(harness.run("network rm \(prefix)") == rm)
        // -f forgives only a network that does not exist.
        #expect(harness.run("network rm -f \(prefix)") == rm)
        #expect(harness.run("network rm -f nosuchnet") == Outcome(stdout: "", stderr: "", status: 0))
        #expect(try harness.engine.networks().count == 17)
    }

    @Test func anEmptyReferenceIsRefusedAsTheDockerClientDoes() throws {
        let harness = try CommandHarness()
        #expect(harness.run("network inspect ''")
                == Outcome(stdout: "[]\n", stderr: "invalid network name or ID: value is empty\n", status: 1))
        #expect(harness.run("network rm ' '")
                == Outcome(stdout: "", stderr: "invalid network name or ID: value is empty\n", status: 1))
    }

    /// The docker client trims the reference; `network rm` still prints it as given.
    @Test func surroundingSpacesAreIgnored() throws {
        let harness = try CommandHarness()
        harness.run("network create spaced")
        #expect(harness.run("network inspect -f '{{.Name}}' ' spaced '").stdout == "spaced\n")
        #expect(harness.run("network rm ' spaced '") == Outcome(stdout: " spaced \n", stderr: "", status: 0))
    }
}
