import Testing

/// Transcript 01b (`network ls` filters with custom networks: AND across keys, OR within one,
/// labels, dangling, id, `--format`), as Docker printed it, with `attach`/`detach` standing for
/// the container `fl1` on `fa`. dnet's departures: `dangling=true` leaves out `fa`, which has a
/// container (Docker 20.10 lists it: a bug the issue says not to copy), and `dangling=false`
/// includes it, so the `network rm` of the dangling ones succeeds; labels print sorted (Docker's order is random); and the id filter
/// takes 6 digits instead of 3, so that two random ids share the prefix only once in 16 million runs.
struct ListFilterTests {
    static let expected = #"""
=== $ network create --label team=a --label tier=web fa
--- stdout ---
7b904a08c0b3bf44627918b140686768e4d29f494d63346bf54a94a4daf71538
--- stderr ---
--- exit code: 0

=== $ network create --label team=b fb
--- stdout ---
d44ffefe3af24c8d8c7f0d162d402dbca8b705e53012ae5bb91fa084f0f8dd39
--- stderr ---
--- exit code: 0

=== $ network create --internal Fc
--- stdout ---
ffc365ac252150994b84a07a85c017e4dd2ff4cf7f73f5cba31b75b8f6a7cfa9
--- stderr ---
--- exit code: 0

=== $ network create -d macvlan -o parent=par0 fmv
--- stdout ---
ef8d57de5f632f17e25f7f95c8a87df99c1a0f6e415aae191e50b8252fc0ea56
--- stderr ---
--- exit code: 0

=== $ attach fa
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ network ls
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
ffc365ac2521   Fc        bridge    local
615f8859d102   bridge    bridge    local
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
ef8d57de5f63   fmv       macvlan   local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network ls -f name=f
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
ef8d57de5f63   fmv       macvlan   local
--- stderr ---
--- exit code: 0

=== $ network ls -f name=F
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
ffc365ac2521   Fc        bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f name=fa -f name=fb
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f driver=bridge -f name=f
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f label=team
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f label=team=a
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f label=team=a -f label=tier=web
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f label=team=a -f label=team=b
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ network ls -f dangling=true
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
ffc365ac2521   Fc        bridge    local
d44ffefe3af2   fb        bridge    local
ef8d57de5f63   fmv       macvlan   local
--- stderr ---
--- exit code: 0

=== $ network ls -f dangling=false
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
615f8859d102   bridge    bridge    local
7b904a08c0b3   fa        bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network ls -f type=custom -q
--- stdout ---
ffc365ac2521
7b904a08c0b3
d44ffefe3af2
ef8d57de5f63
--- stderr ---
--- exit code: 0

=== $ network ls -f id=$(network inspect -f '{{printf "%.6s" .Id}}' fa)
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
7b904a08c0b3   fa        bridge    local
--- stderr ---
--- exit code: 0

=== $ network ls -f scope=swarm
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ network ls -f driver=nosuch
--- stdout ---
NETWORK ID   NAME      DRIVER    SCOPE
--- stderr ---
--- exit code: 0

=== $ network ls -f dangling=maybe
--- stdout ---
--- stderr ---
invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")
--- exit code: 1

=== $ network ls --format '{{.Name}}\t{{.Driver}}\t{{.Internal}}\t{{.Labels}}\t{{.Label "team"}}'
--- stdout ---
Fc	bridge	true		
bridge	bridge	false		
fa	bridge	false	team=a,tier=web	a
fb	bridge	false	team=b	b
fmv	macvlan	false		
host	host	false		
none	null	false		
--- stderr ---
--- exit code: 0

=== $ network ls --format table
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
ffc365ac2521   Fc        bridge    local
615f8859d102   bridge    bridge    local
7b904a08c0b3   fa        bridge    local
d44ffefe3af2   fb        bridge    local
ef8d57de5f63   fmv       macvlan   local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0

=== $ network ls --format '{{json .}}' -f name=fa
--- stdout ---
{"CreatedAt":"2026-11-28 23:55:43.277480875 +0000 UTC","Driver":"bridge","ID":"7b904a08c0b3","IPv4":"false","IPv6":"false","Internal":"false","Labels":"team=a,tier=web","Name":"fa","Scope":"local"}
--- stderr ---
--- exit code: 0

=== $ network rm $(network ls -q -f dangling=true)
--- stdout ---
ffc365ac2521
d44ffefe3af2
ef8d57de5f63
--- stderr ---
--- exit code: 0

=== $ detach fa
--- stdout ---
--- stderr ---
--- exit code: 0

=== $ network rm fa
--- stdout ---
fa
--- stderr ---
--- exit code: 0

=== $ network ls
--- stdout ---
NETWORK ID     NAME      DRIVER    SCOPE
615f8859d102   bridge    bridge    local
4853d857c04b   host      host      local
dc3b6c8b2cc8   none      null      local
--- stderr ---
--- exit code: 0
"""#

    @Test func matchesDockersTranscript() throws {
        Transcript.check(Self.expected, on: try CommandHarness())
    }
}
