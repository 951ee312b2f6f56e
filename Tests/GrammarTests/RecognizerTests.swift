import Testing

/// The EBNF reader and recognizer on small grammars, independent of dnet.
struct RecognizerTests {
    private func accepts(_ grammar: String, _ text: String, start: String = "s") throws -> Bool {
        Recognizer.recognize(text, grammar: try EBNFGrammar(source: grammar), start: start).accepted
    }

    @Test func literalsSequencesAndChoices() throws {
        let grammar = "s ::= 'ab' ( \"c\" | 'd' ) #x65"
        #expect(try accepts(grammar, "abce"))
        #expect(try accepts(grammar, "abde"))
        #expect(try !accepts(grammar, "abe"))
        #expect(try !accepts(grammar, "abcex"))
    }

    @Test func repetitionOperators() throws {
        let grammar = "s ::= 'a'? 'b'* 'c'+"
        #expect(try accepts(grammar, "c"))
        #expect(try accepts(grammar, "abbbccc"))
        #expect(try !accepts(grammar, "ab"))
        #expect(try !accepts(grammar, "aabc"))
    }

    @Test func characterSetsRangesAndNegation() throws {
        let grammar = "s ::= [a-cx#x30-#x32] [^a-z] [+-]"
        #expect(try accepts(grammar, "b!-"))
        #expect(try accepts(grammar, "1Z+"))
        #expect(try !accepts(grammar, "dZ+"))
        #expect(try !accepts(grammar, "aq+"))
        #expect(try !accepts(grammar, "a\u{0}+"))
    }

    @Test func exceptionRemovesWholeMatchesOnly() throws {
        let grammar = """
        s ::= name ' ' name
        name ::= [a-z]+ - ( 'if' | 'else' )
        """
        #expect(try accepts(grammar, "iff elsewhere"))
        #expect(try !accepts(grammar, "if x"))
        #expect(try !accepts(grammar, "x else"))
    }

    @Test func exceptionWithOpenEndedRightSide() throws {
        // "Not starting with a digit": B ends everywhere after a digit.
        let grammar = """
        s ::= [a-z0-9]+ - ( [0-9] Char* )
        Char ::= [#x1-#x10FFFF]
        """
        #expect(try accepts(grammar, "a1"))
        #expect(try !accepts(grammar, "1a"))
    }

    @Test func rulesCommentsAndNestedRules() throws {
        let grammar = """
        /* a list of numbers */
        s ::= '[' ( n ( ',' n )* )? ']'   /* trailing comment */
        n ::= [0-9]+ | s
        """
        #expect(try accepts(grammar, "[1,[2,3],[]]"))
        #expect(try !accepts(grammar, "[1,]"))
    }

    @Test func farthestPositionPointsAtTheTrouble() throws {
        let result = Recognizer.recognize("aaab", grammar: try EBNFGrammar(source: "s ::= 'a'* 'c'"), start: "s")
        #expect(!result.accepted)
        #expect(result.farthest == 3)
    }

    @Test func grammarSyntaxErrorsAreReported() {
        #expect(throws: EBNFGrammar.SyntaxError.self) { try EBNFGrammar(source: "s ::= 'a") }
        #expect(throws: EBNFGrammar.SyntaxError.self) { try EBNFGrammar(source: "s ::= ( 'a' ") }
        #expect(throws: EBNFGrammar.SyntaxError.self) { try EBNFGrammar(source: "s ::= 'a'\ns ::= 'b'") }
        #expect(throws: EBNFGrammar.SyntaxError.self) { try EBNFGrammar(source: "s ::= [z-a]") }
    }

    @Test func checksFindUndefinedUnusedAndLeftRecursiveRules() throws {
        let grammar = try EBNFGrammar(source: """
        s ::= a 'x' | missing
        a ::= b? a 'y' | 'z'
        b ::= 'b'
        unused ::= 'u'
        """)
        #expect(GrammarChecks.undefinedReferences(in: grammar) == ["s → missing"])
        #expect(GrammarChecks.unreachableRules(in: grammar, from: "s") == ["unused"])
        #expect(GrammarChecks.leftRecursiveRules(in: grammar) == ["a"])
    }
}
