import Testing
@testable import DnetLanguage

/// Evaluates an expression through `echo ${…}`.
func value(_ expression: String) -> String {
    output(of: "echo ${\(expression)}").replacingLastNewline()
}

extension String {
    func replacingLastNewline() -> String { hasSuffix("\n") ? String(dropLast()) : self }
}

struct ExpressionTests {
    @Test func arithmetic() {
        #expect(value("1 + 2 * 3") == "7")
        #expect(value("(1 + 2) * 3") == "9")
        #expect(value("10 - 2 - 3") == "5")
        #expect(value("7 / 2") == "3")
        #expect(value("-7 / 2") == "-3")
        #expect(value("7 / -2") == "-3")
        #expect(value("-7 % 2") == "-1")
        #expect(value("7 % -2") == "1")
        #expect(value("-(3)") == "-3")
        #expect(value("- -3") == "3")
        #expect(value("9223372036854775807") == "9223372036854775807")
        #expect(value("-9223372036854775808") == "-9223372036854775808")
    }

    @Test func arithmeticErrors() {
        #expect(failure(of: "echo ${9223372036854775807 + 1}") == "1:28: integer overflow: 9223372036854775807 + 1")
        #expect(failure(of: "echo ${-9223372036854775807 - 2}") == "1:29: integer overflow: -9223372036854775807 - 2")
        #expect(failure(of: "echo ${4611686018427387904 * 2}") == "1:28: integer overflow: 4611686018427387904 * 2")
        #expect(failure(of: "echo ${-9223372036854775808 / -1}") == "1:29: integer overflow: -9223372036854775808 / -1")
        #expect(failure(of: "let m = -9223372036854775808\necho ${-m}") == "2:8: integer overflow: 0 - -9223372036854775808")
        #expect(failure(of: "echo ${1 / 0}") == "1:10: division by zero")
        #expect(failure(of: "echo ${1 % 0}") == "1:10: division by zero")
        #expect(failure(of: "let z = 0\necho ${5 / z}") == "2:10: division by zero")
        #expect(failure(of: "echo ${99999999999999999999}") == "1:8: integer literal 99999999999999999999 is out of range")
    }

    @Test func stringsAndListsJoinWithPlus() {
        #expect(value(#""ab" + "cd""#) == "abcd")
        #expect(output(of: #"words ${["a"] + ["b", 1]}"#) == "[a][b][1]\n")
        #expect(failure(of: "let x = 1 + [2]") == "1:11: type error: cannot apply '+' to int and list")
        #expect(failure(of: #"let x = "a" * 2"#) == "1:13: type error: cannot apply '*' to string and int")
        #expect(failure(of: #"let x = "1" + 1"#) == "1:13: type error: cannot apply '+' to string and int")
        #expect(failure(of: "let x = -\"a\"") == "1:9: type error: cannot apply '-' to string")
    }

    @Test func comparisons() {
        #expect(value("1 < 2") == "true")
        #expect(value("2 <= 2") == "true")
        #expect(value("3 > 4") == "false")
        #expect(value("4 >= 5") == "false")
        #expect(value(#""abc" < "abd""#) == "true")
        #expect(value(#""b" > "a""#) == "true")
        #expect(value(#"1 == "1""#) == "false")
        #expect(value(#"1 != "1""#) == "true")
        #expect(value("true == 1") == "false")
        #expect(value("[1, 2] == [1, 2]") == "true")
        #expect(value("[1, 2] == [1, \"2\"]") == "false")
        #expect(failure(of: #"let x = 1 < "2""#) == "1:11: type error: cannot compare int and string with '<'")
        #expect(failure(of: "let x = true < false") == "1:14: type error: cannot compare bool and bool with '<'")
    }

    @Test func booleans() {
        #expect(value("true && !false") == "true")
        #expect(value("false || false") == "false")
        #expect(value("false && 1 / 0 == 1") == "false")   // short-circuit
        #expect(value("true || 1 / 0 == 1") == "true")
        #expect(failure(of: "let x = 1 && true") == "1:11: type error: '&&' needs bools, got int")
        #expect(failure(of: "let x = !1") == "1:9: type error: cannot apply '!' to int")
        #expect(failure(of: "if 1 { echo }") == "1:4: type error: a condition must be a bool, got int")
        #expect(failure(of: "while \"yes\" { echo }") == "1:7: type error: a condition must be a bool, got string")
    }

    @Test func indexing() {
        #expect(value(#"["a", "b", "c"][0]"#) == "a")
        #expect(value(#"["a", "b", "c"][-1]"#) == "c")
        #expect(value(#""héllo"[1]"#) == "é")
        #expect(value(#""hello"[-2]"#) == "l")
        #expect(value("[[1, 2], [3]][0][1]") == "2")
        #expect(failure(of: "let xs = [1, 2]\necho ${xs[2]}") == "2:10: index 2 out of range (the list has 2 elements)")
        #expect(failure(of: "echo ${[1][-2]}") == "1:11: index -2 out of range (the list has 1 element)")
        #expect(failure(of: #"echo ${"ab"[5]}"#) == "1:12: index 5 out of range (the string has 2 characters)")
        #expect(failure(of: #"echo ${[1]["0"]}"#) == "1:11: type error: an index must be an int, got string")
        #expect(failure(of: "echo ${5[0]}") == "1:9: type error: cannot index int")
    }

    @Test func ranges() {
        #expect(output(of: "words ${1..4}") == "[1][2][3][4]\n")
        #expect(value("len(3..1)") == "0")
        #expect(value("len(-2..2)") == "5")
        #expect(value("(1..5)[-1]") == "5")
        #expect(failure(of: #"echo ${1.."3"}"#) == "1:9: type error: range bounds must be ints, got int and string")
        #expect(failure(of: "echo ${len(1..100000000)}")?.contains("too long to make a list") == true)
    }

    @Test func builtins() {
        #expect(value(#"len("héllo")"#) == "5")
        #expect(value("len([1, [2, 3]])") == "2")
        #expect(value("str(42) + str(true)") == "42true")
        #expect(value(#"str([1, "a"])"#) == "1 a")
        #expect(value(#"int(" 42 ") + int("-3") + int(5)"#) == "44")
        #expect(output(of: #"words ${split(" a  b\tc\n")}"#) == "[a][b][c]\n")
        #expect(output(of: #"words ${split("a,,b", ",")}"#) == "[a][][b]\n")
        #expect(output(of: #"words ${split("a--b--", "--")}"#) == "[a][b][]\n")
        #expect(value(#"join([1, "a", true], ", ")"#) == "1, a, true")
        #expect(value(#"contains(["a", 1], 1)"#) == "true")
        #expect(value(#"contains(["a", 1], "1")"#) == "false")
        #expect(value(#"contains("network", "two")"#) == "true")
        #expect(value(#"contains("network", "x")"#) == "false")
        #expect(value(#"cidr_host("10.0.0.0/24", 5)"#) == "10.0.0.5")
        #expect(value(#"cidr_subnet("10.0.0.0/16", 24, 3)"#) == "10.0.3.0/24")
        #expect(value(#"cidr_host("fd00::/64", 10)"#) == "fd00::a")
        #expect(value(#"cidr_subnet("fd00::/48", 64, 2)"#) == "fd00:0:0:2::/64")
    }

    @Test func environment() {
        let harness = Harness(environment: ["DNET_TEST_VAR": "yes"])
        harness.run(#"echo "${env("DNET_TEST_VAR")}" "[${env("DNET_SURELY_UNSET_VAR")}]""#)
        #expect(harness.output == "yes []\n")
    }

    @Test func builtinErrors() {
        #expect(failure(of: "echo ${len(1)}") == "1:8: type error: len() needs a list or a string, got int")
        #expect(failure(of: "echo ${len(1, 2)}") == "1:8: len() takes 1 argument, got 2")
        #expect(failure(of: "echo ${split()}") == "1:8: split() takes 1 to 2 arguments, got 0")
        #expect(failure(of: #"echo ${int("12x")}"#) == "1:8: int(): not an integer: \"12x\"")
        #expect(failure(of: "echo ${int(true)}") == "1:8: type error: int() needs a string or an int, got bool")
        #expect(failure(of: #"echo ${split("a", "")}"#) == "1:8: split(): the separator is empty")
        #expect(failure(of: #"echo ${join("a", ",")}"#) == "1:8: type error: join() needs a list, got string")
        #expect(failure(of: #"echo ${contains("a", 1)}"#) == "1:8: type error: contains() needs a string to look for in a string, got int")
        #expect(failure(of: #"echo ${cidr_host("10.0.0.0/30", 4)}"#)?.hasPrefix("1:8: cidr_host(): ") == true)
        #expect(failure(of: #"echo ${cidr_subnet("10.0.0.0/16", 24, 256)}"#)?.hasPrefix("1:8: cidr_subnet(): ") == true)
        #expect(failure(of: #"echo ${cidr_host("nonsense", 1)}"#)?.hasPrefix("1:8: cidr_host(): ") == true)
        #expect(failure(of: #"echo ${cidr_host("10.0.0.0/24", "1")}"#) == "1:8: type error: cidr_host() needs an int, got string")
        #expect(failure(of: "echo ${nosuch(1)}") == "1:8: unknown function 'nosuch'")
        #expect(failure(of: "echo ${lne(\"a\")}") == "1:8: unknown function 'lne' (did you mean \"len\"?)")
    }
}
