import Foundation
import Testing
import DnetCommandKit
import DnetEngine
@testable import DnetCommands

/// `network prune`: the question (Docker's text, only `y`/`Y` is a yes), the refusal without a
/// terminal, the daemon's filters (`label`, `label!`, `until`) and their texts.
struct PruneTests {
    static func harness() throws -> CommandHarness {
        let harness = try CommandHarness()
        harness.run("network create --label keep=1 --label tier=db kept")
        harness.run("network create --label keep=0 other")
        harness.run("network create plain")
        harness.run("network create used")
        harness.run("attach used")
        return harness
    }

    static func names(_ harness: CommandHarness) -> String {
        harness.run("network ls --format '{{.Name}}'").stdout.split(separator: "\n").joined(separator: " ")
    }

    /// A pipe that a prune reads its answer from.
    static func answer(_ text: String) -> Int32 {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        _ = text.withCString { write(fds[1], $0, strlen($0)) }
        close(fds[1])
        return fds[0]
    }

    @Test func withoutATerminalItRefusesAndSaysToUseForce() throws {
        let harness = try Self.harness()
        #expect(harness.run("network prune") == Outcome(
            stdout: "",
            stderr: "network prune asks for confirmation and there is no terminal to ask on: use -f to prune without asking\n",
            status: 1))
        #expect(Self.names(harness) == "bridge host kept none other plain used")
    }

    @Test(arguments: [("y\n", true), ("Y\n", true), (" y \n", true), ("yes\n", false), ("n\n", false), ("", false)])
    func onATerminalItAsksDockersQuestion(_ reply: String, _ prunes: Bool) throws {
        let harness = try Self.harness()
        harness.isInteractive = true
        harness.stdinDescriptor = Self.answer(reply)
        defer { close(harness.stdinDescriptor) }
        let question = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] "
        let outcome = harness.run("network prune")
        #expect(outcome == Outcome(stdout: question + (prunes ? "Deleted Networks:\nkept\nother\nplain\n\n" : ""), stderr: "", status: 0))
        #expect(Self.names(harness) == (prunes ? "bridge host none used" : "bridge host kept none other plain used"))
    }

    @Test(arguments: [
        ("--filter label=keep", "kept other"),
        ("--filter label=keep=1", "kept"),
        ("--filter label=keep=1 --filter label=tier", "kept"),           // label: all must hold
        ("--filter label=keep=1 --filter label=tier=web", ""),
        ("--filter label!=keep", "plain"),
        ("--filter label!=keep=1", "other plain"),
        ("--filter label!=keep=1 --filter label!=tier=web", "kept other plain"), // label!: kept only if all hold
        ("--filter label=keep --filter label!=keep=0", "kept"),
        ("--filter until=10m", ""),
        ("--filter until=-1h", "kept other plain"),
    ])
    func filters(_ filters: String, _ pruned: String) throws {
        let harness = try Self.harness()
        let outcome = harness.run("network prune -f \(filters)")
        let names = pruned.split(separator: " ")
        #expect(outcome == Outcome(stdout: names.isEmpty ? "" : "Deleted Networks:\n" + names.map { $0 + "\n" }.joined() + "\n",
                                   stderr: "", status: 0))
    }

    /// `until` keeps what was created after the time; a network created at it goes.
    @Test func untilIsInclusive() throws {
        let harness = try CommandHarness()
        harness.run("network create old")
        harness.run("network create new")
        let old = try harness.engine.network("old").created
        #expect(harness.run("network prune -f --filter until=\(Identifiers.rfc3339(old))").stdout == "Deleted Networks:\nold\n\n")
        let seconds = "\(old / 1_000_000_000).\(String(old % 1_000_000_000).leftPadded(9))"
        #expect(harness.run("network prune -f --filter until=\(seconds)").stdout == "")
        #expect(Self.names(harness) == "bridge host new none")
    }

    @Test(arguments: [
        ("--filter name=x", "Invalid filter 'name'"),
        ("--filter until=1h --filter until=2h", "more than one until filter specified"),
        ("--filter until=soon", "failed to parse value as time or duration: \"soon\""),
        ("--filter until=2026-13-01",
         "parsing time \"2026-13-01\": expected a date and time such as 2006-01-02, 2006-01-02T15:04:05 or 2006-01-02T15:04:05.999999999Z07:00"),
    ])
    func badFilters(_ filters: String, _ message: String) throws {
        let harness = try Self.harness()
        #expect(harness.run("network prune -f \(filters)") == Outcome(stdout: "", stderr: message + "\n", status: 1))
        #expect(Self.names(harness) == "bridge host kept none other plain used")
    }

    @Test func untilValues() throws {
        let now: Int64 = 1_764_000_000_123_456_789
        let second: Int64 = 1_000_000_000
        // Durations count back from now, in whole seconds, as Docker sends them.
        #expect(try Timestamps.parse("10m", now: now) == (now / second - 600) * second)
        #expect(try Timestamps.parse("1h30m", now: now) == (now / second - 5400) * second)
        #expect(try Timestamps.parse("1.5h", now: now) == (now / second - 5400) * second)
        #expect(try Timestamps.parse("-90s", now: now) == (now / second + 90) * second)
        // Unix timestamps, with a fraction.
        #expect(try Timestamps.parse("1700000000", now: now) == 1_700_000_000 * second)
        #expect(try Timestamps.parse("1700000000.5", now: now) == 1_700_000_000 * second + 500_000_000)
        #expect(try Timestamps.parse("0", now: now) == 0)
        // Dates and times: with a zone, or in the local one.
        #expect(try Timestamps.parse("2023-11-14T22:13:20Z", now: now) == 1_700_000_000 * second)
        #expect(try Timestamps.parse("2023-11-14T23:13:20+01:00", now: now) == 1_700_000_000 * second)
        #expect(try Timestamps.parse("2023-11-14T22:13:20.25Z", now: now) == 1_700_000_000 * second + 250_000_000)
        #expect(try Timestamps.parse("2023-11-14", now: now, localOffset: 0) == 1_699_920_000 * second)
        #expect(try Timestamps.parse("2023-11-14T22", now: now, localOffset: 3600) == (1_699_999_200 - 3600) * second)
        #expect(try Timestamps.parse("2023-11-14T22:13", now: now, localOffset: 0) == 1_699_999_980 * second)
        #expect(try Timestamps.parse("2024-02-29", now: now, localOffset: 0) == 1_709_164_800 * second)
        #expect(throws: CommandFailure.self) { try Timestamps.parse("2023-02-29", now: now) }
        #expect(throws: CommandFailure.self) { try Timestamps.parse("10x", now: now) }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
