import Foundation
import SpecLang

extension Checkpoint {
    /// The spec the checkpoint was trained from, rebuilt from its `spec.json`: the canonical
    /// JSON (YAML's flow syntax reads it) without the keys left unset (`null`), checked again;
    /// its hash must equal the recorded one.
    public func spec() throws(CheckpointError) -> Spec {
        guard let object = try? JSONSerialization.jsonObject(with: Data(specJSON.utf8)),
              let data = try? JSONSerialization.data(withJSONObject: Self.droppingNulls(object), options: [.sortedKeys]) else {
            throw CheckpointError("the checkpoint's \(Self.specFile) is not JSON")
        }
        let result = SpecChecker.check(bytes: [UInt8](data), path: Self.specFile)
        guard let spec = result.spec, !result.hasErrors else {
            throw CheckpointError("the checkpoint's \(Self.specFile) does not check:\n" + CheckReport.render([result], format: .human))
        }
        guard spec.hash == manifest.spec.hash else {
            throw CheckpointError("the checkpoint's \(Self.specFile) has hash \(spec.hash.prefix(12)), but the checkpoint records \(manifest.spec.hash.prefix(12))")
        }
        return spec
    }

    private static func droppingNulls(_ value: Any) -> Any {
        if let map = value as? [String: Any] {
            return map.filter { !($0.value is NSNull) }.mapValues(droppingNulls)
        }
        if let list = value as? [Any] { return list.map(droppingNulls) }
        return value
    }
}
