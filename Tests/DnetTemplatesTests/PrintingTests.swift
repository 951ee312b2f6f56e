import Testing
@testable import DnetTemplates

/// Go's printing of values (`{{.X}}`, `print`, `printf`); texts checked against Go.
@Suite struct PrintingTests {
    @Test func scalars() throws {
        #expect(try TestData.run("{{.MTU}} {{.Ratio}} {{.EnableIPv6}} {{.Name}}") == "1400 0.25 false app")
        let floats = TemplateValue.list([.float(3.5), .float(123456789), .float(0.000012), .float(1e21), .float(100), .float(-0.0)])
        #expect(try TestData.run("{{.}}", floats) == "[3.5 1.23456789e+08 1.2e-05 1e+21 100 -0]")
    }

    @Test func mapsPrintSortedListsInBrackets() throws {
        #expect(try TestData.run("{{.Options}}") == "map[com.docker.network.bridge.name:br0 com.docker.network.driver.mtu:1400]")
        #expect(try TestData.run("{{.Labels}}") == "map[]")
        #expect(try TestData.run("{{.}}", .strings(["a", "b", "c"])) == "[a b c]")
        #expect(try TestData.run("{{.}}", .list([])) == "[]")
        let nested = TemplateValue.map(TemplateMap(["b": .list([.int(1), .string("x")]), "a": .map(TemplateMap(["z": .bool(true)]))]))
        #expect(try TestData.run("{{.}}", nested) == "map[a:map[z:true] b:[1 x]]")
    }

    @Test func structsAndObjects() throws {
        #expect(try TestData.run("{{index .IPAM.Config 0}}") == "{10.50.0.0/24 10.50.0.1}")
        #expect(try TestData.run(#"{{printf "%+v" (index .IPAM.Config 0)}}"#) == "{Subnet:10.50.0.0/24 Gateway:10.50.0.1}")
        #expect(try TestData.run("{{.}}", TestData.lsRow(["Name": "n", "ID": "1"])) == "map[ID:1 Name:n]")
    }

    @Test func nils() throws {
        // A missing key is "no value"; a nil map, slice or pointer prints as Go prints that type.
        #expect(try TestData.run("{{.Options.x}}|{{.IPAM.Options}}|{{.Peers}}|{{.ConfigFrom}}") == "<no value>|map[]|[]|<nil>")
        let withNull = try TemplateValue.parseJSON(#"{"A": null, "L": [1, null]}"#)
        #expect(try TestData.run("{{.A}}|{{.L}}|{{print .A}}|{{printf \"%v %d\" .A .A}}", withNull)
            == "<no value>|[1 <nil>]|<nil>|<nil> %!d(<nil>)")
        #expect(try TestData.run("{{.}}", .null(.interface)) == "<no value>")
    }

    @Test func printPrintlnSpacing() throws {
        // print adds spaces only between operands that are both non-strings.
        #expect(try TestData.run(#"{{print "a" 1 2 "b" "c" true}}"#) == "a1 2bctrue")
        #expect(try TestData.run(#"{{println "a" 1}}|{{println}}|{{print}}|"#) == "a 1\n|\n||")
    }

    @Test func printfStringsAndQuoting() throws {
        let out = try TestData.run(#"{{printf "%5s|%-5s|%.2s|%5.1s|%05s|%x|%X|% x|%#x|%q|%+q|%#q|%.12s" "hello" "hello" "hello" "hello" "hello" "hello" "hello" "hi" "ab" "a\"b\n" "é" "x" .Id}}"#)
        #expect(out == #"hello|hello|he|    h|hello|68656c6c6f|68656C6C6F|68 69|0x6162|"a\"b\n"|"\u00e9"|`x`|1b3197890792"#)
    }

    @Test func printfIntegers() throws {
        let out = try TestData.run(#"{{printf "%d|%5d|%-5d|%05d|%+d|% d|%x|%X|%#x|%o|%#o|%O|%b|%c|%q|%U|%#U|%.3d" 42 42 42 42 42 42 42 42 42 42 42 42 42 42 42 42 42 42}}"#)
        #expect(out == "42|   42|42   |00042|+42| 42|2a|2A|0x2a|52|052|0o52|101010|*|'*'|U+002A|U+002A '*'|042")
        #expect(try TestData.run(#"{{printf "%d|%05d|%x|%.0d|%5.0d|" -7 -7 -255 0 0}}"#) == "-7|-0007|-ff||     |")
    }

    @Test func printfFloats() throws {
        let out = try TestData.run(#"{{printf "%f|%.2f|%8.3f|%-8.3f|%08.3f|%+f|%e|%E|%.3e|%g|%G|%.3g|%10.4g|%#g|%v" 3.5 3.5 3.5 3.5 3.5 3.5 3.5 3.5 3.5 3.5 3.5 3.5 3.5 3.5 3.5}}"#)
        #expect(out == "3.500000|3.50|   3.500|3.500   |0003.500|+3.500000|3.500000e+00|3.500000E+00|3.500e+00|3.5|3.5|3.5|       3.5|3.50000|3.5")
        #expect(try TestData.run(#"{{printf "%v %v %v %g %e %.1f %6.2f%%" 123456789.0 0.000012 1e100 1e-10 123456.789 0.05 12.3456}}"#)
            == "1.23456789e+08 1.2e-05 1e+100 1e-10 1.234568e+05 0.1  12.35%")
    }

    @Test func printfCompositesAndTypes() throws {
        let data = TemplateValue.fields([("L", .strings(["a", "b"])), ("M", .stringMap(["k": "v"]))])
        #expect(try TestData.run(#"{{printf "%s|%v|%q|%x|%d" .L .L .L .L .L}}"#, data) == #"[a b]|[a b]|["a" "b"]|[61 62]|[%!d(string=a) %!d(string=b)]"#)
        #expect(try TestData.run(#"{{printf "%v|%s" .M .M}}"#, data) == "map[k:v]|map[k:v]")
        #expect(try TestData.run(#"{{printf "%T %T %T %T %T" "s" 1 1.5 true .M}}"#, data) == "string int float64 bool map[string]string")
    }

    @Test func printfArgumentMistakes() throws {
        #expect(try TestData.run(#"{{printf "%d" "x"}} {{printf "%s"}} {{printf "%s" 1 2}} {{printf "%z" 1}} {{printf "%t" 1}}"#)
            == "%!d(string=x) %!s(MISSING) %!s(int=1)%!(EXTRA int=2) %!z(int=1) %!t(int=1)")
        #expect(try TestData.run(#"{{printf "%!"}}|{{printf "%"}}|{{printf "100%"}}"#) == "%!!(MISSING)|%!(NOVERB)|100%!(NOVERB)")
        #expect(try TestData.run(#"{{printf "%[2]d %[1]d" 1 2}}|{{printf "%[3]d" 1}}|{{printf "%*d|%-*d|%.*f" 5 1 5 1 2 3.14159}}"#)
            == "2 1|%!d(BADINDEX)|    1|1    |3.14")
    }
}
