import CNftables
import Glibc

/// libnftables: each script runs as ONE netlink transaction, applied whole or not at all,
/// which is what makes a firewall change a kernel step like any other.
final class Nftables: @unchecked Sendable {
    private let context: OpaquePointer
    private let lock = Locked(())

    init() throws {
        guard let context = nft_ctx_new(UInt32(NFT_CTX_DEFAULT)) else {
            throw KernelError(action: "open libnftables", cause: .invalid("nft_ctx_new failed"))
        }
        self.context = context
        nft_ctx_buffer_output(context)
        nft_ctx_buffer_error(context)
    }

    deinit { nft_ctx_free(context) }

    /// Runs `script` (nft syntax, one command a line) and returns what nft printed; with
    /// `handles`, listings show each rule's handle (`# handle N`), as `nft -a`.
    @discardableResult
    func run(_ script: String, action: String, handles: Bool = false) throws -> String {
        try lock.withLock { _ in
            nft_ctx_output_set_flags(context, handles ? UInt32(NFT_CTX_OUTPUT_HANDLE) : 0)
            let status = nft_run_cmd_from_buffer(context, script)
            let output = nft_ctx_get_output_buffer(context).map { String(cString: $0) } ?? ""
            let errors = nft_ctx_get_error_buffer(context).map { String(cString: $0) } ?? ""
            guard status == 0 else {
                throw KernelError(action: action, cause: .invalid(Self.firstError(errors)))
            }
            return output
        }
    }

    /// nft's first error line without the echo of the input and its caret line.
    static func firstError(_ text: String) -> String {
        let lines = text.split(separator: "\n").map(String.init)
        for line in lines {
            let parts = line.split(separator: "Error:", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { return String(parts[1].drop { $0 == " " }) }
        }
        return lines.first ?? "nft failed"
    }
}
