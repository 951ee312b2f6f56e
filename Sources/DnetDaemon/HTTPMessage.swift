import DnetTemplates

/// One HTTP request as the server read it: the path without its query, the query decoded.
public struct HTTPRequest {
    public var method: String
    /// The path as sent, percent-decoded, without the query.
    public var path: String
    public var query: [String: String]
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: [UInt8]
    /// HTTP/1.0, or HTTP/1.1 with `Connection: close`.
    public var wantsClose: Bool

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                body: [UInt8] = [], wantsClose: Bool = false) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.wantsClose = wantsClose
    }
}

/// One HTTP response: status, headers (beside the ones every response gets) and body.
public struct HTTPResponse {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// A body known only later (`/containers/{id}/wait`): the status and headers go out at
    /// once, as Docker flushes them, and the body follows as one chunk when this returns.
    var laterBody: (() -> [UInt8])?

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body (Docker ends its JSON answers with a newline, as Go's json.Encoder does).
    public static func json(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Array((text + "\n").utf8))
    }

    /// Docker's error body, `{"message":"…"}`.
    public static func error(_ status: Int, _ message: String) -> HTTPResponse {
        json(status, "{\"message\":\(GoJSON.quote(message))}")
    }

    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// The reason phrase of `status`.
    static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 204: return "No Content"
        case 304: return "Not Modified"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 411: return "Length Required"
        case 413: return "Payload Too Large"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        default: return "Status \(status)"
        }
    }
}

