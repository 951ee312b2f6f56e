@testable import DnetEngine
import Foundation
import Testing

/// The store on its own: a transaction's changes over the records, commits, rollbacks, and
/// two connections (as two processes) on one data root.
@Suite struct StoreTests {
    struct Note: StoredRecord, Equatable {
        static let kind = "note"
        var id: String
        var text: String
    }

    @Test func aTransactionSeesItsOwnChangesAndCommitsThem() throws {
        let root = TemporaryDataRoot()
        let store = try Store(dataRoot: root.path)
        try store.write { transaction in
            try transaction.put(Note(id: "a", text: "1"))
            try transaction.put(Note(id: "b", text: "2"))
            transaction.setMeta("cursor", "7")
        }
        let before = try store.write { try $0.all(Note.self) }
        #expect(before.sorted { $0.id < $1.id } == [Note(id: "a", text: "1"), Note(id: "b", text: "2")])
        try store.write { transaction in
            try transaction.put(Note(id: "a", text: "one"))
            transaction.delete(Note.self, "b")
            try transaction.put(Note(id: "c", text: "3"))
            #expect(try transaction.get(Note.self, "a") == Note(id: "a", text: "one"))
            #expect(try transaction.get(Note.self, "b") == nil)
            #expect(try transaction.all(Note.self).map(\.id).sorted() == ["a", "c"])
            transaction.setMeta("cursor", nil)
            #expect(transaction.meta("cursor") == nil)
        }
        let expected = [Note(id: "a", text: "one"), Note(id: "c", text: "3")]
        #expect(try store.write { try $0.all(Note.self) }.sorted { $0.id < $1.id } == expected)
        // A connection of its own reads the same from the disk.
        let content = try StoreContent(root)
        #expect(content.records["note"]?.keys.sorted() == ["a", "c"])
        #expect(content.meta["cursor"] == nil)
    }

    struct Refused: Error {}

    @Test func aThrowingTransactionChangesNothingAndRunsItsUndo() throws {
        let root = TemporaryDataRoot()
        let store = try Store(dataRoot: root.path)
        try store.write { try $0.put(Note(id: "a", text: "1")) }
        var undone = 0
        #expect(throws: Refused.self) {
            try store.write(undo: { undone += 1 }) { transaction in
                try transaction.put(Note(id: "a", text: "changed"))
                try transaction.put(Note(id: "b", text: "new"))
                transaction.setMeta("cursor", "1")
                throw Refused()
            }
        }
        #expect(undone == 1)
        let (notes, cursor) = try store.write(undo: { undone += 1 }) { transaction in
            (try transaction.all(Note.self), transaction.meta("cursor"))
        }
        #expect(notes == [Note(id: "a", text: "1")] && cursor == nil)
        #expect(undone == 1)
        #expect(try StoreContent(root).records["note"]?.count == 1)
    }

    /// A read shares what was decoded with the store's own copy; a later commit does not
    /// change what that read sees, decoded or not.
    @Test func aReadKeepsItsRecordsWhileLaterCommitsChangeTheStore() throws {
        let root = TemporaryDataRoot()
        let store = try Store(dataRoot: root.path)
        try store.write { try $0.put(Note(id: "a", text: "1")) }
        let old = StoreTransaction(base: try store.read())
        #expect(try old.all(Note.self) == [Note(id: "a", text: "1")])
        try store.write { transaction in
            try transaction.put(Note(id: "a", text: "2"))
            try transaction.put(Note(id: "b", text: "3"))
        }
        #expect(try old.all(Note.self) == [Note(id: "a", text: "1")])
        #expect(try old.get(Note.self, "b") == nil)
        let new = StoreTransaction(base: try store.read())
        #expect(try new.all(Note.self).sorted { $0.id < $1.id } == [Note(id: "a", text: "2"), Note(id: "b", text: "3")])
        try store.write { $0.delete(Note.self, "a") }
        #expect(try new.get(Note.self, "a") == Note(id: "a", text: "2"))
        #expect(try store.write { try $0.all(Note.self) } == [Note(id: "b", text: "3")])
    }

    @Test func twoConnectionsSeeEachOthersCommits() throws {
        let root = TemporaryDataRoot()
        let first = try Store(dataRoot: root.path), second = try Store(dataRoot: root.path)
        try first.write { try $0.put(Note(id: "a", text: "1")) }
        let text = try second.write { transaction -> String? in
            let text = try transaction.get(Note.self, "a")?.text
            try transaction.put(Note(id: "a", text: "2"))
            transaction.delete(Note.self, "missing")
            return text
        }
        #expect(text == "1")
        let seen = try first.write { transaction -> [Note] in
            defer { transaction.delete(Note.self, "a") }
            return try transaction.all(Note.self)
        }
        #expect(seen == [Note(id: "a", text: "2")])
        #expect(try second.write { try $0.all(Note.self) }.isEmpty)
    }

    /// The same value stored again is the same bytes (sorted keys), so a store can be
    /// compared byte for byte before and after a command.
    @Test func encodingIsStable() throws {
        let settings = EngineSettings.modelKernel
        let bodies = try (0..<20).map { _ in try StoreTransaction.encoder.encode(settings) }
        #expect(Set(bodies).count == 1)
    }
}
