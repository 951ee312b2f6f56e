import DnetCommands
import DnetEngine
import DnetTemplates

/// The list JSON of each network as last encoded, reused while its record is unchanged: a
/// `GET /networks` of a hundred networks then costs a lookup each, not a new encoding. Used
/// on the engine thread only.
final class NetworkJSONCache {
    private var entries: [String: (record: NetworkRecord, json: String)] = [:]

    /// `[…]` of the `selected` networks' list entries (Docker's list has no containers in
    /// them); `all` are every network there is, so that removed ones leave the cache.
    func listJSON(_ selected: [NetworkRecord], all: [NetworkRecord]) throws -> String {
        let existing = Set(all.map(\.id))
        entries = entries.filter { existing.contains($0.key) }
        var parts: [String] = []
        parts.reserveCapacity(selected.count)
        for network in selected {
            if let cached = entries[network.id], cached.record == network {
                parts.append(cached.json)
            } else {
                let json = try GoJSON.encode(NetworkViews.inspect(network))
                entries[network.id] = (network, json)
                parts.append(json)
            }
        }
        return "[" + parts.joined(separator: ",") + "]"
    }
}
