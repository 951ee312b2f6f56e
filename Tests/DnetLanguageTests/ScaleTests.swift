import DnetCommandKit
import Glibc
import Testing
@testable import DnetLanguage

struct ScaleTests {
    @Test func oneMegabyteLine() {
        let big = String(repeating: "abcdefgh", count: 131_072)
        #expect(output(of: "let s = \"\(big)\"; echo ${len(s)} ${len(split(\"\(big) x\"))}") == "1048576 2\n")
        let list = "let xs = [" + Array(repeating: "1", count: 300_000).joined(separator: ",") + "]; echo ${len(xs)}"
        #expect(output(of: list) == "300000\n")
    }

    @Test func hundredThousandLineScript() {
        var script = "let n = 0\n"
        for i in 0..<100_000 { script += i % 2 == 0 ? "n = n + 1\n" : "if n > 0 { n = n + 1 }\n" }
        script += "echo $n\n"
        #expect(output(of: script) == "100000\n")
    }

    /// Release-build speed check:
    /// `DNET_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter millionIterationLoop`.
    @Test(.enabled(if: getenv("DNET_BENCH") != nil))
    func millionIterationLoop() {
        let script = """
        let total = 0
        let s = ""
        for i in 1..1000000 {
          total = total + i * 3 % 7
          if total > 1000 { total = total - 1000 }
          s = "item-$i"
        }
        echo $total $s
        """
        var start = timespec(), end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let text = output(of: script)
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        print("1,000,000 iterations: \(seconds) s")
        #expect(text == "1000 item-1000000\n")
        #expect(seconds < 1.0)
    }
}
