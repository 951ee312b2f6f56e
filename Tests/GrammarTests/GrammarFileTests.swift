import Testing

/// grammar/dnet.ebnf is a well-formed grammar the recognizer can run.
struct GrammarFileTests {
    @Test func grammarFileParses() throws {
        let grammar = try DnetGrammar.loaded.get()
        #expect(grammar.rules[DnetGrammar.start] != nil)
        #expect(grammar.rules.count > 40)
    }

    @Test func everyReferencedRuleIsDefined() throws {
        #expect(GrammarChecks.undefinedReferences(in: try DnetGrammar.loaded.get()) == [])
    }

    @Test func everyRuleIsReachableFromScript() throws {
        #expect(GrammarChecks.unreachableRules(in: try DnetGrammar.loaded.get(), from: DnetGrammar.start) == [])
    }

    @Test func noRuleIsLeftRecursive() throws {
        #expect(GrammarChecks.leftRecursiveRules(in: try DnetGrammar.loaded.get()) == [])
    }

    @Test func emptyScriptAndCommentsAreAccepted() throws {
        #expect(try DnetGrammar.recognize("").accepted)
        #expect(try DnetGrammar.recognize("#!/usr/bin/env dnet\n# only comments").accepted)
    }
}
