import Foundation
import GRDB

/// The engine's durable state: an SQLite database under the data root. Every engine command
/// runs in one immediate (write-locked) transaction, taken under the data root's command
/// lock, so two dnet processes working at once never hand out the same subnet or address,
/// and a command that fails changes nothing.
///
/// Records are JSON documents keyed by kind and id. Each process keeps them decoded and
/// reloads them only when another connection has committed since (`PRAGMA data_version`);
/// a transaction records its changes beside that copy, and a commit applies them to it, so
/// a command costs what it changes, not what the store holds.
public final class Store {
    public let path: String
    private let queue: DatabaseQueue
    /// nil for an in-memory copy, which no other process sees.
    private let lock: CommandLock?
    private var cache: StoreSnapshot?
    private var cachedVersion: Int?

    /// Opens (creating when needed) the store at `<dataRoot>/dnet.db`. With `inMemoryCopy`
    /// (dry runs) it works on a copy in memory: commands see each other's changes, and
    /// nothing reaches the disk (a missing data root is not created).
    public init(dataRoot: String, inMemoryCopy: Bool = false) throws {
        let path = dataRoot + "/dnet.db"
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(60)
        config.label = "dnet"
        do {
            if inMemoryCopy {
                lock = nil
                queue = try DatabaseQueue(configuration: config)
                if FileManager.default.fileExists(atPath: path) {
                    // Only read, but not through a read-only connection: that one would leave
                    // the WAL's -wal and -shm files behind, where the last connection to close
                    // removes them.
                    try DatabaseQueue(path: path, configuration: config).backup(to: queue)
                }
            } else {
                try FileManager.default.createDirectory(atPath: dataRoot, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
                let lock = try CommandLock(path: dataRoot + "/dnet.lock")
                self.lock = lock
                config.prepareDatabase { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
                // Opening may write (the first time, or the schema): under the command lock
                // too, or a busy process would keep this one polling SQLite's lock.
                queue = try lock.hold {
                    let queue = try DatabaseQueue(path: path, configuration: config)
                    try Self.createSchema(queue)
                    return queue
                }
            }
            if lock == nil { try Self.createSchema(queue) }
        } catch let error as EngineError {
            throw error
        } catch {
            throw EngineError.system("cannot open the state store \(path): \(error)")
        }
    }

    private static func createSchema(_ queue: DatabaseQueue) throws {
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS records (
                    kind TEXT NOT NULL, id TEXT NOT NULL, body BLOB NOT NULL,
                    PRIMARY KEY (kind, id));
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                """)
        }
    }

    /// Runs `body` inside one write transaction over the current records. The changes it
    /// makes to `transaction` are written and committed when it returns, and dropped when it
    /// throws. When nothing was committed (`body` threw, or the commit failed), `undo` runs
    /// before the command lock is released, so that no other command, and no other
    /// process's reconcile, sees what the caller did outside the store half-done.
    public func write<T>(undo: () -> Void = {}, _ body: (StoreTransaction) throws -> T) throws -> T {
        guard let lock else { return try writeLocked(undo: undo, body) }
        return try lock.hold { try writeLocked(undo: undo, body) }
    }

    private func writeLocked<T>(undo: () -> Void, _ body: (StoreTransaction) throws -> T) throws -> T {
        var result: T?
        var committed: StoreChanges?
        do {
            try queue.inTransaction(.immediate) { db in
                let base = try self.snapshot(db)
                let transaction = StoreTransaction(base: base)
                result = try body(transaction)
                let changes = try transaction.changes.encoded(against: base)
                try changes.write(to: db)
                committed = changes
                return .commit
            }
        } catch let error as DatabaseError {
            undo()
            throw EngineError.system("state store \(path): \(error.message ?? "\(error)")")
        } catch {
            undo()
            throw error
        }
        // Our own commits do not change data_version on this connection: the cache stays
        // valid once it has the committed changes (applied only after the commit went through).
        if let committed, var snapshot = cache {
            cache = nil // so that the snapshot's storage is unique and changes in place
            snapshot.apply(committed)
            cache = snapshot
        }
        return result!
    }

    /// The records as of now, for commands that only read.
    /// It shares the records decoded so far with this process's copy (a start with 1,000
    /// containers decoded them three times); a later commit leaves it as it is.
    public func read() throws -> StoreSnapshot {
        try queue.read { db in try self.snapshot(db) }
    }

    private func snapshot(_ db: Database) throws -> StoreSnapshot {
        let version = try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0
        if let cache, version == cachedVersion { return cache }
        var records: [String: [String: Data]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, id, body FROM records") {
            records[row["kind"], default: [:]][row["id"]] = row["body"]
        }
        var meta: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM meta") {
            meta[row["key"]] = row["value"]
        }
        let snapshot = StoreSnapshot(records: records, meta: meta)
        cache = snapshot
        cachedVersion = version
        return snapshot
    }
}

/// Raw records: JSON bodies by kind and id, and small meta values.
public struct StoreSnapshot {
    var records: [String: [String: Data]]
    var meta: [String: String]
    /// The records decoded, per kind, made on first use. Shared by the copies of one
    /// snapshot, which all hold the same records, until one of them takes in changes.
    private var decoded = DecodedRecords()

    init(records: [String: [String: Data]] = [:], meta: [String: String] = [:]) {
        self.records = records
        self.meta = meta
    }

    func table<R: StoredRecord>(_ type: R.Type) throws -> RecordTable<R> {
        if let table = decoded.tables[R.kind] as? RecordTable<R> { return table }
        let table = try RecordTable<R>(records[R.kind] ?? [:])
        decoded.tables[R.kind] = table
        return table
    }

    /// Takes in a transaction's committed changes.
    mutating func apply(_ changes: StoreChanges) {
        // Another copy (a reader's) keeps the tables as they were.
        if !isKnownUniquelyReferenced(&decoded) { decoded = decoded.copy() }
        for (kind, byID) in changes.records {
            for (id, change) in byID { records[kind, default: [:]][id] = change.body }
            decoded.tables[kind]?.apply(byID.mapValues { $0.value as Any? })
        }
        for (key, value) in changes.meta { meta[key] = value }
    }
}

/// The decoded records of each kind (a `RecordTable` per kind).
private final class DecodedRecords {
    var tables: [String: AnyRecordTable] = [:]

    /// Tables of their own, holding the same records (copied only when changed).
    func copy() -> DecodedRecords {
        let copy = DecodedRecords()
        copy.tables = tables.mapValues { $0.copy() }
        return copy
    }
}

protocol AnyRecordTable: AnyObject {
    /// Replaces or adds each record given, deletes those whose value is nil.
    func apply(_ changes: [String: Any?])
    func copy() -> AnyRecordTable
}

/// Every record of one kind, decoded, in a list (what `all` returns, shared, not copied)
/// with each id's position, and the ids under each `indexKey`.
final class RecordTable<R: StoredRecord>: AnyRecordTable {
    private(set) var records: [R] = []
    private var positions: [String: Int] = [:]
    private(set) var index: [String: Set<String>] = [:]

    init(_ bodies: [String: Data]) throws {
        let decoder = JSONDecoder()
        records.reserveCapacity(bodies.count)
        for (id, body) in bodies {
            let record = try decoder.decode(R.self, from: body)
            positions[id] = records.count
            records.append(record)
            if let key = R.indexKey(record) { index[key, default: []].insert(id) }
        }
    }

    private init(records: [R], positions: [String: Int], index: [String: Set<String>]) {
        self.records = records
        self.positions = positions
        self.index = index
    }

    func copy() -> AnyRecordTable { RecordTable(records: records, positions: positions, index: index) }

    func record(_ id: String) -> R? { positions[id].map { records[$0] } }

    func apply(_ changes: [String: Any?]) {
        for (id, value) in changes {
            if let i = positions[id], let key = R.indexKey(records[i]) { index[key]?.remove(id) }
            if let record = value as? R {
                if let key = R.indexKey(record) { index[key, default: []].insert(id) }
                if let i = positions[id] { records[i] = record } else {
                    positions[id] = records.count
                    records.append(record)
                }
            } else if let i = positions.removeValue(forKey: id) {
                let last = records.removeLast()
                if i < records.count {
                    records[i] = last
                    positions[last.id] = i
                }
            }
        }
    }
}

/// What one transaction changed: record values (nil: deleted), with their JSON bodies once
/// encoded for the commit, and meta values.
struct StoreChanges {
    var records: [String: [String: (body: Data?, value: (any StoredRecord)?)]] = [:]
    var meta: [String: String?] = [:]

    /// The changes with each value encoded once (however often the transaction put it),
    /// leaving out records whose bytes did not change.
    func encoded(against base: StoreSnapshot) throws -> StoreChanges {
        var result = StoreChanges(meta: meta)
        for (kind, byID) in records {
            for (id, change) in byID {
                guard let value = change.value else {
                    if base.records[kind]?[id] != nil { result.records[kind, default: [:]][id] = (nil, nil) }
                    continue
                }
                let body = try StoreTransaction.encoder.encode(value)
                if base.records[kind]?[id] == body { continue }
                result.records[kind, default: [:]][id] = (body, value)
            }
        }
        return result
    }

    /// Through statements SQLite compiles once per connection: compiling one costs more than
    /// running it, and `rm` of 1,000 containers runs thousands.
    func write(to db: Database) throws {
        for (kind, byID) in records {
            for (id, change) in byID {
                if let body = change.body {
                    try db.cachedStatement(sql: "INSERT OR REPLACE INTO records (kind, id, body) VALUES (?, ?, ?)")
                        .execute(arguments: [kind, id, body])
                } else {
                    try db.cachedStatement(sql: "DELETE FROM records WHERE kind = ? AND id = ?")
                        .execute(arguments: [kind, id])
                }
            }
        }
        for (key, value) in meta {
            if let value {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
                    .execute(arguments: [key, value])
            } else {
                try db.cachedStatement(sql: "DELETE FROM meta WHERE key = ?").execute(arguments: [key])
            }
        }
    }
}

/// The view of the store inside one write transaction: the records as they were, with
/// this transaction's changes over them.
public final class StoreTransaction {
    private let base: StoreSnapshot
    fileprivate(set) var changes = StoreChanges()
    /// The ids this transaction put under each `indexKey`, per kind.
    private var changedIndex: [String: [String: Set<String>]] = [:]

    init(base: StoreSnapshot) { self.base = base }

    /// The store as it was when the transaction began (for comparing what changed).
    private(set) lazy var original = StoreTransaction(base: base)

    /// The ids of the records of `type` that this transaction put or deleted.
    func changedIDs<R: StoredRecord>(_ type: R.Type) -> [String] {
        (changes.records[R.kind] ?? [:]).keys.sorted()
    }

    /// Sorted keys: the same value is always the same bytes (Foundation's key order is not
    /// stable), so the store's content can be compared and unchanged values skipped.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// Every record of `kind`, decoded, in no particular order.
    public func all<R: StoredRecord>(_ type: R.Type) throws -> [R] {
        let stored = try base.table(R.self).records
        guard let changed = changes.records[R.kind], !changed.isEmpty else { return stored }
        return stored.filter { changed[$0.id] == nil } + changed.values.compactMap { $0.value as? R }
    }

    /// The records of `kind` whose `indexKey` is `key` (a container's endpoints, a
    /// container by name), without looking at the others.
    public func all<R: StoredRecord>(_ type: R.Type, indexedBy key: String) throws -> [R] {
        let table = try base.table(R.self)
        let changed = changes.records[R.kind] ?? [:]
        var found = (table.index[key] ?? []).compactMap { id in changed[id] == nil ? table.record(id) : nil }
        for id in changedIndex[R.kind]?[key] ?? [] {
            // A record put under another key later in the transaction is no longer here.
            if let record = changed[id]?.value as? R, R.indexKey(record) == key { found.append(record) }
        }
        return found
    }

    public func get<R: StoredRecord>(_ type: R.Type, _ id: String) throws -> R? {
        if let change = changes.records[R.kind]?[id] { return change.value as? R }
        return try base.table(R.self).record(id)
    }

    /// Records the new value; it is encoded once, at the commit.
    public func put<R: StoredRecord>(_ record: R) throws {
        changes.records[R.kind, default: [:]][record.id] = (nil, record)
        if let key = R.indexKey(record) { changedIndex[R.kind, default: [:]][key, default: []].insert(record.id) }
    }

    public func delete<R: StoredRecord>(_ type: R.Type, _ id: String) {
        changes.records[R.kind, default: [:]][id] = (nil, nil)
    }

    public func meta(_ key: String) -> String? {
        if let changed = changes.meta[key] { return changed }
        return base.meta[key]
    }

    public func setMeta(_ key: String, _ value: String?) {
        guard meta(key) != value else { return }
        changes.meta.updateValue(value, forKey: key)
    }
}

/// A value kept in the store as a JSON document.
public protocol StoredRecord: Codable {
    static var kind: String { get }
    var id: String { get }
    /// The key the store indexes records of this kind by (`all(_:indexedBy:)`), if any.
    static func indexKey(_ record: Self) -> String?
}

extension StoredRecord {
    public static func indexKey(_ record: Self) -> String? { nil }
}
