import Testing
@testable import DnetLanguage

/// `x = x + e` is compiled to append in place; it must behave exactly like the copying form.
struct AppendTests {
    @Test func appendingKeepsValueSemantics() {
        let script = """
        let xs = [1]
        let ys = xs
        xs = xs + [2]
        xs = xs + xs
        let s = "a"
        let t = s
        s = s + "b"
        def build(n) {
          let out = []
          for i in 1..n { out = out + [i] }
          return out
        }
        let n = 1
        n = n + 41
        echo $xs / $ys / $s / $t / ${build(3)} / $n
        """
        #expect(output(of: script) == "1 2 1 2 / 1 / ab / a / 1 2 3 / 42\n")
    }

    @Test func appendingReportsTheSameErrors() {
        #expect(failure(of: "let s = \"a\"\ns = s + 1") == "2:7: type error: cannot apply '+' to string and int")
        #expect(failure(of: "def f() { let s = [1]; s = s + 1 }\nf") == "1:30: type error: cannot apply '+' to list and int")
        #expect(failure(of: "q = q + 1") == "1:1: assignment to undeclared variable 'q' (declare it with 'let')")
        #expect(output(of: "let s = \"a\"\ntry { s = s + 1 } catch e { echo $e }\necho $s") == "type error: cannot apply '+' to string and int\na\n")
    }

    @Test func appendingInALoopIsLinear() {
        let script = "let xs = []\nlet s = \"\"\nfor i in 1..200000 { xs = xs + [i]; s = s + \"x\" }\necho ${len(xs)} ${len(s)}"
        #expect(output(of: script) == "200000 200000\n")
    }
}
