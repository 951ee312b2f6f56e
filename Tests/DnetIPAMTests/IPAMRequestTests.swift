import Foundation
import Testing
@testable import DnetIPAM

@Suite struct IPAMRequestTests {
    private static let clientErrors: [([String], [String], [String], [String], String)] = [
        // subnets, ip-ranges, gateways, aux-addresses → docker CLI's text (transcript 03 where shown)
        (["10.31.0.0/24"], [], ["10.99.0.1"], [], "no matching subnet for gateway 10.99.0.1"),
        (["10.31.0.0/24"], [], ["notanip"], [], "no matching subnet for gateway notanip"),
        ([], [], ["10.31.0.1"], [], "every ip-range or gateway must have a corresponding subnet"),
        (["10.32.0.0/24"], ["10.33.0.0/24"], [], [], "no matching subnet for range 10.33.0.0/24"),
        ([], ["10.32.0.0/24"], [], [], "every ip-range or gateway must have a corresponding subnet"),
        (["10.34.0.0/24"], [], [], ["a=10.99.0.5"], "no matching subnet for aux-address 10.99.0.5"),
        ([], [], [], ["a=10.34.0.5"], "no matching subnet for aux-address 10.34.0.5"),
        (["10.0.0.0/24"], [], ["10.0.0.1", "10.0.0.2"], [], "every ip-range or gateway must have a corresponding subnet"),
        (["10.0.0.0/24", "10.0.0.0/16"], [], [], [], "multiple overlapping subnet configuration is not supported"),
        (["10.0.0.0/24", "10.0.0.0/24"], [], [], [], "multiple overlapping subnet configuration is not supported"),
        (["10.0.0.0/24", "10.1.0.0/24"], [], ["10.0.0.1", "10.0.0.2"], [],
         "cannot configure multiple gateways (10.0.0.2, 10.0.0.1) for the same subnet (10.0.0.0/24)"),
        (["10.0.0.0/24", "10.1.0.0/24"], ["10.0.0.0/25", "10.0.0.128/25"], [], [],
         "cannot configure multiple ranges (10.0.0.128/25, 10.0.0.0/25) on the same subnet (10.0.0.0/24)"),
        (["10.0.0.0/24", "bad"], [], [], [], "invalid subnet: invalid CIDR address: bad"),
        (["bad"], ["10.0.0.0/25"], [], [], "invalid subnet: invalid CIDR address: bad"),
        (["10.0.0.0/24"], ["10.0.0.0/99"], [], [], "invalid CIDR address: 10.0.0.0/99"),
        (["10.34.0.0/24"], [], [], ["a"], "no matching subnet for aux-address "),
    ]

    @Test(arguments: clientErrors)
    func clientSideErrors(subnets: [String], ranges: [String], gateways: [String], aux: [String], message: String) {
        #expect(throws: IPAMError(message, origin: .client)) {
            try IPAMRequest(subnets: subnets, ipRanges: ranges, gateways: gateways, auxAddresses: aux)
        }
    }

    @Test(arguments: ["10.300.0.0/16", "10.30.0.0", "10.30.0.0/33", "notacidr"])
    func daemonSideInvalidSubnet(subnet: String) {
        #expect(throws: IPAMError("Invalid subnet \(subnet) : invalid CIDR address: \(subnet)")) {
            try IPAMRequest(subnets: [subnet])
        }
    }

    @Test func gatewayInCIDRFormIsNotAnAddress() {
        #expect(throws: IPAMError("invalid gateway address 10.0.0.1/24 in Ipam configuration")) {
            try IPAMRequest(subnets: ["10.0.0.0/24"], gateways: ["10.0.0.1/24"])
        }
    }

    @Test func eachOptionJoinsItsSubnetWhateverTheOrder() throws {
        let request = try IPAMRequest(subnets: ["fd00:83::/64", "10.83.0.0/24"],
                                      ipRanges: ["fd00:83::/80", "10.83.0.128/25"],
                                      gateways: ["fd00:83::fe", "10.83.0.254"],
                                      auxAddresses: ["v6=fd00:83::5", "v4=10.83.0.5", "v4b=10.83.0.6"])
        #expect(request.configs.map(\.subnet.description) == ["10.83.0.0/24", "fd00:83::/64"])   // IPv4 first
        #expect(request.configs[0] == IPAMConfig(subnet: try CIDR.parse("10.83.0.0/24"),
                                                 ipRange: try CIDR.parse("10.83.0.128/25"),
                                                 gateway: IPAddress("10.83.0.254"),
                                                 auxiliaryAddresses: ["v4": IPAddress("10.83.0.5")!, "v4b": IPAddress("10.83.0.6")!]))
        #expect(request.configs[1].gateway == IPAddress("fd00:83::fe"))
        #expect(request.configs[1].auxiliaryAddresses == ["v6": IPAddress("fd00:83::5")!])
        #expect(request.hasSubnet(.ipv4) && request.hasSubnet(.ipv6))
    }

    @Test func hostBitsAreKeptAsWritten() throws {
        let request = try IPAMRequest(subnets: ["10.30.0.5/24"])
        let json = String(decoding: try JSONEncoder().encode(request.configs), as: UTF8.self)
        #expect(json == #"[{"Subnet":"10.30.0.5\/24"}]"#)
    }

    @Test func auxRepeatedNameKeepsTheLast() throws {
        let request = try IPAMRequest(subnets: ["10.0.0.0/24"], auxAddresses: ["a=10.0.0.5", "a=10.0.0.6"])
        #expect(request.configs[0].auxiliaryAddresses == ["a": IPAddress("10.0.0.6")!])
    }
}
