import Testing
@testable import DnetLanguage

/// The lexical rules of the contract, observed through a command that shows its argv.
struct LexicalTests {
    @Test func statementsEndAtNewlineOrSemicolon() {
        #expect(output(of: "echo a; echo b\necho c") == "a\nb\nc\n")
    }

    @Test func backslashContinuesALine() {
        #expect(output(of: "words a \\\n  b \\\n c") == "[a][b][c]\n")
        #expect(output(of: "let x = 1 + \\\n 2\necho $x") == "3\n")
    }

    @Test func newlinesInsideBracketsParensAndInterpolationDoNotEndAStatement() {
        #expect(output(of: "let xs = [\n  \"a\",\n  \"b\",\n]\necho $xs") == "a b\n")
        #expect(output(of: "let n = (1 +\n 2)\necho $n") == "3\n")
        #expect(output(of: "echo ${join(\n [\"x\", \"y\"],\n \"-\")}") == "x-y\n")
    }

    @Test func hashStartsACommentOnlyAtTheStartOfAWord() {
        #expect(output(of: "# a comment\nwords a#b '#c' \"#d\" # gone") == "[a#b][#c][#d]\n")
        #expect(output(of: "let x = 1 # comment\necho $x") == "1\n")
    }

    @Test func quotingRules() {
        #expect(output(of: #"words "a b" 'c d' e\ f"#) == "[a b][c d][e f]\n")
        #expect(output(of: #"words "tab\tq\"b\\d\$x""#) == "[tab\tq\"b\\d$x]\n")
        #expect(output(of: #"words 'no $interp \n here'"#) == "[no $interp \\n here]\n")
        #expect(output(of: "words 'two\nlines'") == "[two\nlines]\n")
        #expect(output(of: #"words "" '' a"b"'c'"#) == "[][][abc]\n")
        #expect(output(of: "words '{{.Name}}' {{json .IPAM}}") == "[{{.Name}}][{{json][.IPAM}}]\n")
    }

    @Test func interpolationInWordsAndStrings() {
        #expect(output(of: "let i = 4\nwords web$i \"net-${i+1}\" 10.0.$i.0/24 ${i}x") == "[web4][net-5][10.0.4.0/24][4x]\n")
        #expect(output(of: "words $ a$ \"$\" $5") == "[$][a$][$][$5]\n")
        #expect(output(of: "fail 0; words $? \"s=$?\"") == "[0][s=0]\n")
    }

    @Test func quotingStartsAfreshInsideInterpolation() {
        #expect(output(of: #"let xs = ["a", "b"]; echo "net-${join(xs, "-")}""#) == "net-a-b\n")
        #expect(output(of: #"echo "id=$(echo "{{.Id}}" n1)""#) == "id={{.Id}} n1\n")
        #expect(output(of: #"echo "outer $(echo "inner $(echo "deepest")")""#) == "outer inner deepest\n")
    }

    @Test func captureRemovesTrailingNewlinesOnly() {
        #expect(output(of: "let s = $(echo a; echo; echo b; echo; echo)\nwords $s") == "[a\n\nb]\n")
        #expect(output(of: "words $(words f(x) y)") == "[[f(x)][y]]\n")
    }

    @Test func wholeWordListSplatsButJoinsInsideWords() {
        let script = """
        let opts = ["--subnet", "10.9.0.0/24"]
        words $opts n1
        words ${opts} "$opts" x$opts
        let none = []
        words a $none b
        """
        #expect(output(of: script) == "[--subnet][10.9.0.0/24][n1]\n[--subnet][10.9.0.0/24][--subnet 10.9.0.0/24][x--subnet 10.9.0.0/24]\n[a][b]\n")
    }

    @Test func bracesAreBlockDelimitersOnlyAsWordsOfTheirOwn() {
        #expect(output(of: "if true { words -f {{.Name}} a} '}' }") == "[-f][{{.Name}}][a}][}]\n")
        #expect(output(of: "if true {words x}\n}") == "[x}]\n")
        #expect(output(of: "if true{echo tight}") == "<<syntax test.dnet:1:8: error: unclosed '{' (no matching '}')>>")
        #expect(output(of: "if true{ echo tight }") == "tight\n")
        #expect(output(of: "if 1 < 2 {\n  if true { echo nested }\n}") == "nested\n")
        #expect(output(of: "if true { words x }} }") == "[x][}}]\n")
    }

    @Test func elseFollowsTheClosingBraceOnTheSameLine() {
        #expect(output(of: "if false {\n echo a\n} else {\n echo b\n}") == "b\n")
        #expect(output(of: "if false { echo a }\nelse { echo b }")
                == "<<syntax test.dnet:2:1: error: 'else' must follow the closing '}' of an 'if' on the same line>>")
    }

    @Test func leadingDockerWordIsDropped() {
        #expect(output(of: "docker network ls\ndocker echo hi") == "network ls\nhi\n")
    }

    @Test func carriageReturnLineEndingsAreAccepted() {
        #expect(output(of: "let x = 1\r\nif x == 1 {\r\n  words $x\r\n}\r\n") == "[1]\n")
    }

    @Test func nonASCIITextAndColumnsCountCharacters() {
        #expect(output(of: "words héllo \"ünï ${len(\"né\")}\"") == "[héllo][ünï 2]\n")
        #expect(failure(of: "echo \"é\" $nope") == "1:10: undefined variable 'nope'")
    }
}
