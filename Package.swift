// swift-tools-version:6.0
import PackageDescription

// Layers, top to bottom (dependencies point down only):
//   dnet (executable) → DnetDaemon, DnetLanguage → DnetCommandKit
//   DnetCommands → DnetEngine → DnetKernel, DnetDNS (+ DnetIPAM, DnetTemplates)
let package = Package(
    name: "dnet",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dnet", targets: ["dnet"]),
        .executable(name: "dnet-dns", targets: ["dnet-dns"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C libraries, found through pkg-config.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .systemLibrary(name: "CNetlink", pkgConfig: "libnl-route-3.0", providers: [.apt(["libnl-3-dev", "libnl-route-3-dev"])]),
        .systemLibrary(name: "CNftables", pkgConfig: "libnftables", providers: [.apt(["libnftables-dev"])]),
        // setns/unshare/CLONE_* need _GNU_SOURCE, which Swift's Glibc module lacks.
        .target(name: "CSystem"),

        // What a command is, how it is registered, and how it writes its output.
        .target(name: "DnetCommandKit", dependencies: ["CSystem"]),
        // Lexer, parser, AST, interpreter: knows commands only as name + argv.
        .target(name: "DnetLanguage", dependencies: ["DnetCommandKit", "DnetIPAM"]),
        // Go text/template subset shared by every --format.
        .target(name: "DnetTemplates"),
        // Addresses, subnets, pools and allocation.
        .target(name: "DnetIPAM"),
        // Links, addresses, routes and namespaces over netlink, nftables; and a dry-run recorder.
        .target(name: "DnetKernel", dependencies: ["CNetlink", "CNftables", "CSystem", "DnetIPAM"]),

        // The model: networks, endpoints, containers, IPAM, state store; every command atomic.
        // The embedded DNS server (resident `dnet-dns`) and its client; CDNS holds their
        // system calls and the server's NAT rule, written with libnftnl.
        .target(name: "CDNS", linkerSettings: [.linkedLibrary("nftnl"), .linkedLibrary("mnl")]),
        .target(name: "DnetDNS", dependencies: ["CDNS"]),
        .executableTarget(name: "dnet-dns", dependencies: ["DnetDNS"]),
        .target(name: "DnetEngine", dependencies: ["DnetKernel", "DnetIPAM", "DnetDNS", .product(name: "GRDB", package: "GRDB.swift")]),
        // argv of `network create …` → validated request → engine; Docker's output formats.
        .target(name: "DnetCommands", dependencies: ["DnetCommandKit", "DnetEngine", "DnetTemplates"]),

        // TLS for the daemon's TCP sockets (OpenSSL 3).
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // `dnet daemon`: the Docker Engine API's network part on -H sockets; and the client side of -H.
        .target(name: "DnetDaemon", dependencies: [
            "DnetCommandKit", "DnetCommands", "DnetEngine", "DnetTemplates", "COpenSSL",
        ]),

        .executableTarget(name: "dnet", dependencies: ["DnetLanguage", "DnetCommandKit", "DnetCommands", "DnetDaemon", "CEditLine"]),

        .testTarget(name: "DnetLanguageTests", dependencies: ["DnetLanguage", "DnetCommandKit"]),
        .testTarget(name: "GrammarTests", exclude: ["valid", "broken"]),
        .testTarget(name: "DnetTemplatesTests", dependencies: ["DnetTemplates"]),
        .testTarget(name: "DnetIPAMTests", dependencies: ["DnetIPAM"]),
        .testTarget(name: "DnetKernelTests", dependencies: ["DnetKernel", "DnetIPAM"]),
        .testTarget(name: "DnetEngineTests", dependencies: ["DnetEngine", "DnetKernel", "DnetIPAM"]),
        .testTarget(name: "DnetCommandsTests", dependencies: ["DnetCommands", "DnetCommandKit", "DnetEngine", "DnetKernel"]),
        .testTarget(name: "DnetContainerTests", dependencies: ["DnetCommands", "DnetCommandKit", "DnetEngine", "DnetKernel", "DnetIPAM"]),
        .testTarget(name: "DnetCLITests", dependencies: ["dnet"], exclude: ["golden"]),
        .testTarget(name: "DnetDNSTests", dependencies: ["DnetDNS", "dnet-dns"]),
        .testTarget(name: "DnetDaemonTests", dependencies: ["DnetDaemon", "dnet"]),
    ],
    swiftLanguageModes: [.v5]
)
