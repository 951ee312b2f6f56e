import Testing
@testable import DnetTemplates

/// Docker's tabwriter settings (minwidth 10, padding 3, spaces); expected texts from Go's text/tabwriter.
@Suite struct TabWriterTests {
    @Test(arguments: [
        ("NAME\tDRIVER\nbridge\tbridge\nhost\thost\n", "NAME      DRIVER\nbridge    bridge\nhost      host\n"),
        // Header only: "NETWORK ID" is 10 wide, so its column is 13; the others get the minimum 10.
        ("NETWORK ID\tNAME\tDRIVER\tSCOPE\n", "NETWORK ID   NAME      DRIVER    SCOPE\n"),
        // A line without tabs ends the column block above it.
        ("a\tb\tc\nlonger text here\tx\nno tabs line\nq\tr\ts\n",
         "a                  b         c\nlonger text here   x\nno tabs line\nq         r         s\n"),
        ("A\tB\n\tempty first\nx\t\n", "A         B\n          empty first\nx         \n"),
        ("h1\th2\th3\n1\t2\n1\t2\t3\t4\n", "h1        h2        h3\n1         2\n1         2         3         4\n"),
        ("trailing\tpending", "trailing   pending"),
        ("a\tb\n\n\nc\td\n", "a         b\n\n\nc         d\n"),
    ])
    func alignsLikeGo(input: String, expected: String) {
        #expect(TabWriter.docker.format(input) == expected)
    }

    @Test func wideCharactersTakeTwoColumns() {
        // Docker measures with go-runewidth: 名前 is 4 columns wide.
        #expect(TabWriter.docker.format("名前\tx\nab\ty\n") == "名前      x\nab        y\n")
    }

    @Test func otherSettings() {
        let tight = TabWriter(minWidth: 0, tabWidth: 8, padding: 1, padCharacter: ".")
        #expect(tight.format("a\tbb\tc\naaa\tb\tc\n") == "a...bb.c\naaa.b..c\n")
    }
}
