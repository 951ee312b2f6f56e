import Foundation

/// Where the texts under test live, found from this source file's own path (symlinks resolved,
/// so the tests also run from a package that links this folder in).
enum Corpus {
    /// Tests/GrammarTests.
    static let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    /// The repository's top folder.
    static let repository = testsFolder.deletingLastPathComponent().deletingLastPathComponent()

    static let grammarFile = repository.appendingPathComponent("grammar/dnet.ebnf")
    static let readme = repository.appendingPathComponent("README.md")
    static let examples = repository.appendingPathComponent("examples")
    static let validSnippets = testsFolder.appendingPathComponent("valid")
    static let brokenScripts = testsFolder.appendingPathComponent("broken")

    /// Names of the `.dnet` files in `folder`, sorted; none if the folder does not exist.
    static func scripts(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".dnet") }.sorted()
    }

    /// The file's text; a file that is not UTF-8 reads as nil.
    static func text(of file: URL) -> String? {
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// A fenced code block of a Markdown document.
    struct CodeBlock {
        /// 1-based line of the opening fence.
        let line: Int
        let code: String
    }

    /// The bodies of the code blocks fenced with ```` ```dnet ```` in `markdown`. A block runs
    /// to the next line that is only a fence of at least as many backticks; the insides of other
    /// fenced blocks are skipped, never read as fences.
    static func dnetBlocks(in markdown: String) -> [CodeBlock] {
        var blocks: [CodeBlock] = []
        var open: (line: Int, fence: String, isDnet: Bool, lines: [String])?
        for (number, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if var block = open {
                if trimmed.allSatisfy({ $0 == "`" }), trimmed.count >= block.fence.count {
                    if block.isDnet {
                        blocks.append(CodeBlock(line: block.line, code: block.lines.joined(separator: "\n") + "\n"))
                    }
                    open = nil
                } else {
                    block.lines.append(String(line))
                    open = block
                }
            } else if trimmed.hasPrefix("```") {
                let fence = String(trimmed.prefix { $0 == "`" })
                let info = trimmed.dropFirst(fence.count).trimmingCharacters(in: .whitespaces)
                open = (number + 1, fence, info.split(separator: " ").first == "dnet", [])
            }
        }
        return blocks
    }
}
