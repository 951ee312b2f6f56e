import Foundation
import Testing
@testable import DnetEngine

struct NameFilesFolderTests {
    @Test func removeTakesTheFilesAndTheFolder() throws {
        let root = TemporaryDataRoot()
        let folder = NameFilesFolder(root: root.path)
        try folder.write(NameFiles(hosts: "127.0.0.1\tlocalhost\n", resolvConf: "nameserver 127.0.0.11\n"), for: "c1")
        try folder.write(NameFiles(hosts: "h\n", resolvConf: "r\n"), for: "c2")
        try folder.remove("c1")
        #expect(root.files == ["c2"])
        #expect(folder.read("c2") == NameFiles(hosts: "h\n", resolvConf: "r\n"))
        // Gone already: nothing to do, no error.
        try folder.remove("c1")
    }

    @Test func aFolderWithMoreInItGoesWhole() throws {
        let root = TemporaryDataRoot()
        let folder = NameFilesFolder(root: root.path)
        try folder.write(NameFiles(hosts: "h\n", resolvConf: "r\n"), for: "c1")
        // What a user put beside them, such as iproute2's other per-namespace files.
        try FileManager.default.createDirectory(atPath: root.path + "/c1/more", withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root.path + "/c1/more/nsswitch.conf"))
        try folder.remove("c1")
        #expect(root.files.isEmpty)
    }
}
