/// A container's attachment to a network, as the store keeps it.
public struct EndpointRecord: StoredRecord, Equatable {
    public static let kind = "endpoint"
    public var id: String
    public var networkID: String
    public var containerID: String
}
