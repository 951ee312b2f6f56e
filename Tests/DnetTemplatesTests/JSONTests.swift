import Testing
@testable import DnetTemplates

/// Go's encoding/json output and the JSON parser; texts checked against Go.
@Suite struct JSONTests {
    @Test func compactKeepsStructOrderAndSortsMaps() throws {
        let value = TemplateValue.fields([
            ("Name", .string("n")),
            ("Options", .stringMap(["b": "2", "a": "1"])),
            ("Config", .list([])),
            ("Peers", .null(.slice)),
            ("Labels", .null(.map)),
            ("Ptr", .null(.pointer("*T"))),
            ("Any", .null(.interface)),
            ("On", .bool(true)),
            ("N", .int(-3)),
        ])
        #expect(try GoJSON.encode(value)
            == #"{"Name":"n","Options":{"a":"1","b":"2"},"Config":[],"Peers":null,"Labels":null,"Ptr":null,"Any":null,"On":true,"N":-3}"#)
    }

    @Test func floatsAsGo() throws {
        let floats: [Double] = [1.5, 1e21, 1e-7, 100, 0.000001, 123456789, 1e20, -0.5, .leastNonzeroMagnitude]
        #expect(try GoJSON.encode(.list(floats.map { .float($0) })) == "[1.5,1e+21,1e-7,100,0.000001,123456789,100000000000000000000,-0.5,5e-324]")
        #expect(throws: GoJSON.UnsupportedValue.self) { try GoJSON.encode(.float(.infinity)) }
    }

    @Test func stringEscapes() throws {
        let s = TemplateValue.string("q\"b\\s/ <a&b> \u{1} \u{8}\u{C}\n\r\t \u{2028}\u{2029} é 😀")
        #expect(try GoJSON.encode(s) == #""q\"b\\s/ <a&b> \u0001 \b\f\n\r\t \u2028\u2029 é 😀""#)
        #expect(try GoJSON.encode(.string("<a&b>"), escapeHTML: true) == #""\u003ca\u0026b\u003e""#)
    }

    @Test func indentedAsDockerInspect() throws {
        let value = TemplateValue.list([.fields([
            ("Name", .string("none")),
            ("IPAM", .fields([("Driver", .string("default")), ("Options", .null(.map)), ("Config", .list([]))])),
            ("Containers", .map(TemplateMap([:]))),
            ("Options", .stringMap(["k": "v"])),
        ])])
        #expect(try GoJSON.encodeIndented(value) == """
            [
                {
                    "Name": "none",
                    "IPAM": {
                        "Driver": "default",
                        "Options": null,
                        "Config": []
                    },
                    "Containers": {},
                    "Options": {
                        "k": "v"
                    }
                }
            ]
            """)
        #expect(try GoJSON.encodeIndented(.list([])) == "[]")
    }

    @Test func parserRoundTripsAndTypesNumbers() throws {
        let text = #"{"b":1,"a":[1.5,-2,3e2,true,false,null,"x\u00e9\ud83d\ude00\n"],"Labels":{"z":"1","y":"2"},"Options":{}}"#
        let value = try TemplateValue.parseJSON(text, objects: .structs(mapKeys: ["Labels", "Options"]))
        // Struct order kept, the map re-sorted, numbers typed.
        #expect(try GoJSON.encode(value) == #"{"b":1,"a":[1.5,-2,300,true,false,null,"xé😀\n"],"Labels":{"y":"2","z":"1"},"Options":{}}"#)
        #expect(try TestData.run("{{printf \"%T %T\" .b (index .a 0)}} {{index .Labels \"nope\"}}|", value) == "int float64 |")
        let raw = try TemplateValue.parseJSON(text, objects: .maps)
        #expect(try GoJSON.encode(raw) == #"{"Labels":{"y":"2","z":"1"},"Options":{},"a":[1.5,-2,300,true,false,null,"xé😀\n"],"b":1}"#)
        #expect(try TestData.run("{{index .Labels \"nope\"}}", raw) == "<no value>")
    }

    @Test func parserErrors() {
        #expect(throws: TemplateJSONError.self) { try TemplateValue.parseJSON(#"{"a":}"#) }
        #expect(throws: TemplateJSONError.self) { try TemplateValue.parseJSON(#"[1,2"#) }
        #expect(throws: TemplateJSONError.self) { try TemplateValue.parseJSON(#""unterminated"#) }
        #expect(throws: TemplateJSONError.self) { try TemplateValue.parseJSON(#"{} x"#) }
        do {
            _ = try TemplateValue.parseJSON(#"{"a": tru}"#)
        } catch let error as TemplateJSONError {
            #expect(error.description == "invalid JSON at byte 6: invalid literal")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
