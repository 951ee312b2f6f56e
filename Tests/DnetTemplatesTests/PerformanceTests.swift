import Foundation
import Testing
@testable import DnetTemplates

/// `network ls` over 1000 networks: the template is parsed once and run per row.
@Suite struct PerformanceTests {
    static let rows: [TemplateValue] = (0..<1000).map { i in
        TestData.lsRow(["ID": String(format: "%012x", i * 7919), "Name": "net\(i)", "Driver": i % 3 == 0 ? "macvlan" : "bridge",
                        "Scope": "local", "Labels": "team=\(i % 5)", "IPv6": "false", "Internal": "false",
                        "CreatedAt": "2026-11-28 23:48:45.793625771 +0000 UTC"],
                       labels: ["team": "\(i % 5)"])
    }

    @Test func thousandRowsRenderQuickly() throws {
        let headers = ["ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER", "Scope": "SCOPE"]
        let start = Date()
        let table = try DockerFormat("table", aliases: ["table": #"table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"#])
            .render(Self.rows, headers: headers)
        let custom = try DockerFormat(#"{{.Name}}|{{if eq .Driver "bridge"}}br{{else}}{{upper .Driver}}{{end}}|{{.Label "team"}}|{{json .}}"#)
            .render(Self.rows)
        let elapsed = Date().timeIntervalSince(start)
        #expect(table.split(separator: "\n").count == 1001)
        #expect(table.hasPrefix("NETWORK ID     NAME      DRIVER    SCOPE\n000000000000   net0      macvlan   local\n"))
        #expect(custom.split(separator: "\n").count == 1000)
        // Generous bound for a debug build on a shared machine; a release build is far faster.
        #expect(elapsed < 2.0, "rendering 2 × 1000 rows took \(elapsed) s")
    }
}
