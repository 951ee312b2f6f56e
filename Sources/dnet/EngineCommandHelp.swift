import Foundation
import DnetCommandKit
import DnetCommands

/// The engine flags' lines for `dnet --help`, from the same declarations that parse them.
enum EngineCommandHelp {
    static var text: String {
        let spec = CommandSpec(name: "", summary: "", options: EngineFlags.options)
        let help = spec.helpText(path: [])
        guard let range = help.range(of: "Options:\n") else { return "" }
        return String(help[range.upperBound...])
    }
}
