import Foundation
import Testing

/// The transcripts' layout (`=== $ command`, `--- stdout ---`, …) and the normalisation that
/// makes two engines' outputs comparable: ids become `<id1>`, `<id2>`, … in order of first
/// appearance (a 12-digit short id shares the number of its full id), timestamps `<time>`.
enum TranscriptCheck {
    /// A known place where dnet prints something else than Docker, and why.
    struct Adjustment {
        var docker: String
        var dnet: String
        var reason: String
    }

    static func block(_ command: String, _ outcome: Outcome) -> String {
        "=== $ \(command)\n--- stdout ---\n\(outcome.stdout)--- stderr ---\n\(outcome.stderr)--- exit code: \(outcome.status)\n"
    }

    static func blocks(_ text: String) -> [String] {
        var blocks: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("=== $ ") { blocks.append("") }
            guard !blocks.isEmpty else { continue }
            blocks[blocks.count - 1] += line + "\n"
        }
        return blocks.map { $0.hasSuffix("\n\n") ? String($0.dropLast()) : $0 }
    }

    static func commands(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("=== $ ") }.map { String($0.dropFirst(6)) }
    }

    static func normalize(_ text: String) -> String {
        var ids: [String] = []
        func number(of id: String) -> Int {
            if let index = ids.firstIndex(where: { $0.hasPrefix(id) || id.hasPrefix($0) }) {
                if id.count > ids[index].count { ids[index] = id }
                return index + 1
            }
            ids.append(id)
            return ids.count
        }
        let idPattern = try! NSRegularExpression(pattern: "\\b[0-9a-f]{64}\\b|\\b[0-9a-f]{12}\\b")
        var result = ""
        var last = text.startIndex
        for match in idPattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let range = Range(match.range, in: text)!
            result += text[last..<range.lowerBound]
            result += "<id\(number(of: String(text[range])))>"
            last = range.upperBound
        }
        result += text[last...]
        for pattern in ["\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z",
                        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC"] {
            result = result.replacingOccurrences(of: pattern, with: "<time>", options: .regularExpression)
        }
        return result
    }

    /// Runs every command of `expected` through the docker CLI against `daemon`, and checks
    /// each block against Docker's after normalising both.
    /// `before` runs ahead of each command (its index, its text), to set up what Docker's run
    /// had made by other means (a container); `unordered` lists texts whose parts the docker
    /// CLI prints in Go's random map order, each with the order to compare in.
    static func check(_ expected: String, on daemon: DaemonUnderTest, adjusting adjustments: [Adjustment] = [],
                      unordered: [Adjustment] = [], before: (Int, String) -> Void = { _, _ in },
                      sourceLocation: SourceLocation = #_sourceLocation) {
        // Adjustments may change commands too (a container made by `dnet -H run` instead).
        var adjusted = adjustments.reduce(expected) { text, adjustment in
            #expect(text.contains(adjustment.docker), "\(adjustment.reason)", sourceLocation: sourceLocation)
            return text.replacingOccurrences(of: adjustment.docker, with: adjustment.dnet)
        }
        for order in unordered { adjusted = adjusted.replacingOccurrences(of: order.docker, with: order.dnet) }
        var actual: [String] = []
        for (index, command) in commands(adjusted).enumerated() {
            before(index, command)
            var outcome = daemon.shell(command)
            for order in unordered { outcome.stdout = outcome.stdout.replacingOccurrences(of: order.docker, with: order.dnet) }
            actual.append(block(command, outcome))
        }
        let want = blocks(normalize(adjusted)), got = blocks(normalize(actual.joined(separator: "\n")))
        #expect(want.count == got.count, sourceLocation: sourceLocation)
        for (w, g) in zip(want, got) where g != w {
            Issue.record(Comment(rawValue: difference(expected: w, actual: g)), sourceLocation: sourceLocation)
        }
    }

    static func difference(expected: String, actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
        func at(_ lines: [Substring]) -> String { line < lines.count ? String(lines[line]) : "<end>" }
        return "\(e.first ?? "")\nline \(line + 1):\n  expected: \(at(e))\n  actual:   \(at(a))\n--- actual block ---\n\(actual)"
    }
}
