import Foundation

/// Routes requests to the API's handlers: Docker's paths with or without a `/v1.NN` prefix,
/// 404 for an unknown path, 405 (with `Allow`) for a known path and another method, and
/// Docker's refusal of an API version newer than the one served.
struct APIRouter {
    /// The API version dnet serves: the version of Docker's transcripts it is checked against.
    static let apiVersion = "1.41"
    static let minimumAPIVersion = "1.12"

    typealias Handler = (HTTPRequest, [String]) throws -> HTTPResponse

    struct Route {
        var method: String
        /// Path segments; `*` matches one segment, which is passed to the handler.
        var pattern: [String]
        var versioned: Bool
        var handler: Handler
    }

    private var routes: [Route] = []

    mutating func add(_ method: String, _ path: String, versioned: Bool = true, _ handler: @escaping Handler) {
        routes.append(Route(method: method, pattern: path.split(separator: "/").map(String.init),
                            versioned: versioned, handler: handler))
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        var path = request.path
        var versioned = false
        if let (version, rest) = Self.splitVersion(path) {
            if let refusal = Self.refuse(version) { return refusal.response }
            path = rest
            versioned = true
        }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        var allowed: [String] = []
        for route in routes where !(versioned && !route.versioned) {
            guard let captures = Self.match(route.pattern, segments) else { continue }
            guard route.method == request.method || (route.method == "GET" && request.method == "HEAD") else {
                allowed.append(route.method)
                continue
            }
            do { return try route.handler(request, captures) } catch { return APIError.from(error).response }
        }
        if !allowed.isEmpty {
            var response = HTTPResponse.error(405, "method \(request.method) is not allowed on \(path): use \(allowed.joined(separator: ", "))")
            response.headers.append(("Allow", allowed.joined(separator: ", ")))
            return response
        }
        return .error(404, "page not found")
    }

    /// `/v1.41/networks` → ("1.41", "/networks").
    static func splitVersion(_ path: String) -> (String, String)? {
        guard path.hasPrefix("/v") else { return nil }
        let afterV = path.dropFirst(2)
        let version = afterV.prefix { $0 != "/" }
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return nil }
        let rest = afterV.dropFirst(version.count)
        return (String(version), rest.isEmpty ? "/" : String(rest))
    }

    /// Docker's texts for a client version it does not serve.
    static func refuse(_ version: String) -> APIError? {
        if compare(version, apiVersion) > 0 {
            return APIError(400, "client version \(version) is too new. Maximum supported API version is \(apiVersion)")
        }
        if compare(version, minimumAPIVersion) < 0 {
            return APIError(400, "client version \(version) is too old. Minimum supported API version is \(minimumAPIVersion), please upgrade your client to a newer version")
        }
        return nil
    }

    static func compare(_ a: String, _ b: String) -> Int {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        for i in 0..<max(x.count, y.count) {
            let p = i < x.count ? x[i] : 0, q = i < y.count ? y[i] : 0
            if p != q { return p < q ? -1 : 1 }
        }
        return 0
    }

    private static func match(_ pattern: [String], _ segments: [String]) -> [String]? {
        // A trailing slash names the same resource.
        var segments = segments
        if segments.count > 1, segments.last == "" { segments.removeLast() }
        guard pattern.count == segments.count else { return nil }
        var captures: [String] = []
        for (p, s) in zip(pattern, segments) {
            if p == "*" {
                guard !s.isEmpty else { return nil }
                captures.append(s)
            } else if p != s {
                return nil
            }
        }
        return captures
    }
}
