/// The secondary indexes of the store: what commands look up by something other than the
/// id, so that a lookup among thousands of records does not read them all.
extension EndpointRecord {
    /// A container's endpoints.
    public static func indexKey(_ record: EndpointRecord) -> String? { record.containerID }
}

extension ContainerRecord {
    /// A container by name.
    public static func indexKey(_ record: ContainerRecord) -> String? { record.name }
}

extension StoreTransaction {
    /// Docker's lookup of a container (`Engine.lookupContainer`) through the indexes: an
    /// exact id, then an exact name; only an id prefix reads every container.
    func container(_ reference: String) throws -> ContainerRecord {
        let term = reference.hasPrefix("/") ? String(reference.dropFirst()) : reference
        if !term.isEmpty {
            if let exact = try get(ContainerRecord.self, term) { return exact }
            if let named = try all(ContainerRecord.self, indexedBy: term).first { return named }
        }
        return try Engine.lookupContainer(reference, in: all(ContainerRecord.self))
    }
}
