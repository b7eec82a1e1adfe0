import Foundation
import SpecLang

extension Checkpoint {
    /// The spec the checkpoint was trained from, checked again from its `spec.json` (the
    /// resolved spec as JSON, which YAML reads; keys a checkpoint of an older polspec wrote as
    /// `null` are unset). Its hashes must be the recorded ones: for a checkpoint that records
    /// no split hashes, `hash` is the SHA-256 of `spec.json` itself.
    public func spec() throws(CheckpointError) -> Spec {
        let result = SpecChecker.check(text: specJSON, path: Self.specFile)
        guard let spec = result.spec, !result.hasErrors else {
            throw CheckpointError("the checkpoint's \(Self.specFile) does not check:\n" + CheckReport.render([result], format: .human))
        }
        let recorded = manifest.spec
        if let hashes = recorded.hashes {
            guard spec.hashes == hashes, spec.hash == recorded.hash else {
                throw CheckpointError("the checkpoint's \(Self.specFile) has hash \(spec.hash.prefix(12)), but the checkpoint records \(recorded.hash.prefix(12))")
            }
        } else {
            guard SHA256.hex(Array(specJSON.utf8)) == recorded.hash else {
                throw CheckpointError("the checkpoint's \(Self.specFile) is not the spec whose hash \(recorded.hash.prefix(12)) the checkpoint records")
            }
        }
        return spec
    }

    /// Why `spec` cannot run this checkpoint's weights: the parts of its hash that differ from
    /// the trained spec's (an evaluation needs the same interface and architecture; the recipe
    /// and the name may differ), or nil when it can.
    public func evaluationMismatch(_ spec: Spec) throws(CheckpointError) -> String? {
        let trained = try self.spec()
        let differing = spec.hashes.differences(from: trained.hashes).filter { $0 != "recipe" }
        guard !differing.isEmpty else { return nil }
        return "its \(differing.joined(separator: " and ")) differ\(differing.count == 1 ? "s" : "") from the checkpoint's spec '\(trained.name)'"
            + " (polspec diff shows how)"
    }
}
