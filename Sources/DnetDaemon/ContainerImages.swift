import Foundation
import DnetEngine
import DnetTemplates

/// The image a client named when it created a container through the API. dnet has no
/// images (a container's command is a host program): the name is kept beside the container's
/// log, in `<data-root>/containers/<id>/image`, so that `docker ps` and `docker inspect` show
/// what was asked for. It goes with the container's folder on `rm`.
enum ContainerImages {
    static func record(_ image: String, for container: ContainerRecord, engine: Engine) throws {
        let directory = engine.containerDirectory(container)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(image.utf8).write(to: URL(fileURLWithPath: directory + "/image"), options: .atomic)
    }

    /// The recorded name, or "" for a container made without one (by `dnet run`).
    static func name(of container: ContainerRecord, engine: Engine) -> String {
        (try? String(contentsOfFile: engine.containerDirectory(container) + "/image", encoding: .utf8)) ?? ""
    }

    /// `inspect`'s document with `Config.Image` set to `image`.
    static func inspect(_ value: TemplateValue, image: String) -> TemplateValue {
        guard !image.isEmpty, case .structure(var document) = value,
              let index = document.fields.firstIndex(where: { $0.name == "Config" }),
              case .structure(var config) = document.fields[index].value,
              let imageIndex = config.fields.firstIndex(where: { $0.name == "Image" }) else { return value }
        config.fields[imageIndex].value = .string(image)
        document.fields[index].value = .structure(config)
        return .structure(document)
    }
}
