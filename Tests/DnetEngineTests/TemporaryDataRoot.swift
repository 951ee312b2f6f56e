import Foundation

/// A fresh data root under /tmp for one test, deleted when the test drops it.
final class TemporaryDataRoot {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "dnet-engine-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { fatalError("mkdtemp: \(String(cString: strerror(errno)))") }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The names in the data root, sorted.
    var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
    }

    /// Every file in the data root with its bytes, to prove that nothing changed.
    var contents: [String: Data] {
        Dictionary(uniqueKeysWithValues: files.map { ($0, FileManager.default.contents(atPath: path + "/" + $0) ?? Data()) })
    }
}
