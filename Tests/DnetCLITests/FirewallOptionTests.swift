import Foundation
import Testing

/// The firewall settings through the built binary, each run in a `--sandbox` of its own
/// (root only; the suite itself runs inside scripts/sandbox.sh).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["DNET_TEST_SANDBOX"] == "1"))
struct FirewallOptionTests {
    static let script = "network create --subnet 10.81.0.0/24 x; run --net x -p 8080:80 --name c; host nft list ruleset"

    @Test func rulesByDefaultNoneWithIptablesFalse() throws {
        let on = try DnetBinary.run(["--sandbox", "-c", Self.script])
        #expect(on.status == 0, "\(on.stderr)")
        #expect(on.stdout.contains("table inet dnet {") && on.stdout.contains("table bridge dnet {"), "\(on.stdout)")
        #expect(on.stdout.contains("tcp . 8080 : 10.81.0.2 . 80"), "\(on.stdout)")

        let off = try DnetBinary.run(["--sandbox", "--iptables=false", "-c", Self.script])
        #expect(off.status == 0, "\(off.stderr)")
        #expect(!off.stdout.contains("dnet"), "\(off.stdout)")
    }

    /// `--icc=false` and `--ip-masq=false` shape what the default bridge gets.
    @Test func iccAndMasqueradeSettings() throws {
        let script = "run --name a; run --name b; host nft list ruleset"
        let r = try DnetBinary.run(["--sandbox", "--icc=false", "--ip-masq=false", "-c", script])
        #expect(r.status == 0, "\(r.stderr)")
        let bridgeTable = r.stdout.components(separatedBy: "table bridge dnet").last ?? ""
        #expect(bridgeTable.contains("set noicc") && bridgeTable.contains("veth"), "\(r.stdout)")
        let masq = r.stdout.components(separatedBy: "set masq {").last?.components(separatedBy: "}").first ?? ""
        #expect(!masq.contains("elements"), "\(r.stdout)")

        let defaults = try DnetBinary.run(["--sandbox", "-c", script])
        let masqOn = defaults.stdout.components(separatedBy: "set masq {").last?.components(separatedBy: "}").first ?? ""
        #expect(masqOn.contains("172.17.0.0/16"), "\(defaults.stdout)")
        let noicc = defaults.stdout.components(separatedBy: "set noicc {").last?.components(separatedBy: "}").first ?? ""
        #expect(!noicc.contains("elements"), "\(defaults.stdout)")
    }
}
