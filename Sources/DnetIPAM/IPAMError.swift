/// An IPAM failure, carrying the text shown to the user (Docker's text where Docker has one).
public struct IPAMError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Which side of Docker reports this failure, so a front end can print it as Docker does.
    public enum Origin: Equatable, Sendable {
        /// Found by the daemon: Docker prints `Error response from daemon: <message>`.
        case daemon
        /// Found by the docker CLI before any request: Docker prints the bare message.
        case client
    }

    public var message: String
    public var origin: Origin

    public init(_ message: String, origin: Origin = .daemon) {
        self.message = message
        self.origin = origin
    }

    public var description: String { message }
}

extension IPAMError {
    /// libnetwork's `ErrIPAlreadyAllocated`.
    public static let addressInUse = IPAMError("Address already in use")
    /// libnetwork's `ErrNoAvailableIPs`.
    public static let noAvailableAddresses = IPAMError("No available addresses on this pool")
    /// libnetwork's `ErrPoolOverlap`: a subnet overlaps another network's.
    public static let poolOverlap = IPAMError("Pool overlaps with other one on this address space")

    /// A static address that lies in none of the network's subnets.
    public static func addressNotInSubnets(_ text: String) -> IPAMError {
        IPAMError("Invalid address \(text): It does not belong to any of this network's subnets")
    }

    /// A network whose subnets of `family` are all full.
    public static func networkFull(_ family: IPAddress.Family, networkName: String, networkID: String) -> IPAMError {
        IPAMError("no available \(family) addresses on this network's address pools: \(networkName) (\(networkID))")
    }

    /// No pool among the defaults (or `--default-address-pool`s) is free.
    public static func poolsExhausted(_ family: IPAddress.Family) -> IPAMError {
        IPAMError("could not find an available, non-overlapping \(family) address pool among the defaults to assign to the network")
    }
}
