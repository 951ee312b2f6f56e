import Glibc
import COpenSSL

/// The TLS files of `--tls`/`--tlsverify`, as dockerd and the docker CLI name them.
public struct TLSFiles: Equatable {
    /// Verify the peer against `caCertificate` (the daemon: every client needs a certificate).
    public var verify: Bool
    public var caCertificate: String?
    public var certificate: String?
    public var key: String?

    public init(verify: Bool, caCertificate: String?, certificate: String?, key: String?) {
        self.verify = verify
        self.caCertificate = caCertificate
        self.certificate = certificate
        self.key = key
    }
}

/// OpenSSL's last error as text.
private func openSSLError(_ what: String) -> DaemonFailure {
    var text = ""
    while case let code = ERR_get_error(), code != 0 {
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        text += (text.isEmpty ? "" : "; ") + String(cString: buffer)
    }
    return DaemonFailure(text.isEmpty ? what : "\(what): \(text)")
}

/// A server's TLS settings: its certificate and key, and with `verify` the CA that every
/// client certificate must chain to (TLS 1.2 at least).
final class TLSServerContext {
    private let context: OpaquePointer

    init(_ files: TLSFiles) throws {
        guard let certificate = files.certificate, let key = files.key else {
            throw DaemonFailure("TLS needs --tlscert and --tlskey")
        }
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw openSSLError("cannot make a TLS context") }
        self.context = context
        _ = dnet_ssl_ctx_set_min_tls12(context)
        guard SSL_CTX_use_certificate_chain_file(context, certificate) == 1 else {
            throw openSSLError("cannot load the TLS certificate \(certificate)")
        }
        guard SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1, SSL_CTX_check_private_key(context) == 1 else {
            throw openSSLError("cannot load the TLS key \(key)")
        }
        if files.verify {
            guard let ca = files.caCertificate else { throw DaemonFailure("--tlsverify needs --tlscacert") }
            guard SSL_CTX_load_verify_locations(context, ca, nil) == 1 else {
                throw openSSLError("cannot load the CA certificate \(ca)")
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
        }
    }

    deinit { SSL_CTX_free(context) }

    /// The handshake on an accepted socket; nil (socket closed) when it fails, as when the
    /// client has no certificate from the CA.
    func accept(_ fd: Int32) -> ByteStream? {
        guard let ssl = SSL_new(context) else {
            close(fd)
            return nil
        }
        SSL_set_fd(ssl, fd)
        guard SSL_accept(ssl) == 1 else {
            SSL_free(ssl)
            close(fd)
            ERR_clear_error()
            return nil
        }
        return TLSStream(ssl: ssl, descriptor: fd)
    }
}

/// A client's TLS settings: the CA to trust (else the system's), and a certificate to show.
final class TLSClientContext {
    private let context: OpaquePointer

    init(_ files: TLSFiles) throws {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw openSSLError("cannot make a TLS context") }
        self.context = context
        _ = dnet_ssl_ctx_set_min_tls12(context)
        if let ca = files.caCertificate {
            guard SSL_CTX_load_verify_locations(context, ca, nil) == 1 else {
                throw openSSLError("cannot load the CA certificate \(ca)")
            }
        } else {
            SSL_CTX_set_default_verify_paths(context)
        }
        if files.verify { SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil) }
        if let certificate = files.certificate, let key = files.key {
            guard SSL_CTX_use_certificate_chain_file(context, certificate) == 1,
                  SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1 else {
                throw openSSLError("cannot load the client certificate \(certificate)")
            }
        }
    }

    deinit { SSL_CTX_free(context) }

    /// The handshake on a connected socket, checking the server's name when verifying.
    func connect(_ fd: Int32, host: String) throws -> ByteStream {
        guard let ssl = SSL_new(context) else { throw openSSLError("cannot start TLS") }
        SSL_set_fd(ssl, fd)
        _ = dnet_ssl_set_sni(ssl, host)
        if SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER != 0 {
            if host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) {
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
            } else {
                SSL_set1_host(ssl, host)
            }
        }
        guard SSL_connect(ssl) == 1 else {
            SSL_free(ssl)
            throw openSSLError("TLS handshake with \(host) failed")
        }
        return TLSStream(ssl: ssl, descriptor: fd)
    }
}

/// TLS over a connected socket.
final class TLSStream: ByteStream {
    private let ssl: OpaquePointer
    private let descriptor: Int32
    private var closed = false

    init(ssl: OpaquePointer, descriptor: Int32) {
        self.ssl = ssl
        self.descriptor = descriptor
    }

    deinit { close() }

    func read(_ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        let n = SSL_read(ssl, buffer, Int32(min(count, Int(Int32.max))))
        return n > 0 ? Int(n) : (SSL_get_error(ssl, n) == SSL_ERROR_ZERO_RETURN ? 0 : -1)
    }

    func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = SSL_write(ssl, raw.baseAddress! + offset, Int32(raw.count - offset))
                guard n > 0 else { return false }
                offset += Int(n)
            }
            return true
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        SSL_shutdown(ssl)
        SSL_free(ssl)
        Glibc.close(descriptor)
    }
}
