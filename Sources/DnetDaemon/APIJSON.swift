import DnetTemplates

/// JSON answers encoded as Go encodes them (field order kept, map keys sorted).
enum APIJSON {
    static func response(_ status: Int, _ value: TemplateValue) throws -> HTTPResponse {
        do { return .json(status, try GoJSON.encode(value)) } catch {
            throw APIError(500, String(describing: error))
        }
    }
}
