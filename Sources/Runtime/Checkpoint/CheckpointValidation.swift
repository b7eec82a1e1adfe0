import Compiler
import Foundation
import SafeTensors
import SpecLang

/// The checks a checkpoint passes before anything of it is used (docs/training.md, "Reading"):
/// every manifest value on its own, the tensors against each other, and, for resuming, the
/// manifest against the checkpoint's own spec and the run's data. A checkpoint is a file from
/// disk: nothing in it is trusted to be consistent, in range or confined to its folder.
extension CheckpointManifest {
    /// The files a checkpoint may hold besides its manifest.
    static let knownFiles: Set<String> = [Checkpoint.specFile, Checkpoint.weightsFile, Checkpoint.emaFile,
                                          Checkpoint.optimizerFile, Checkpoint.normalizationFile]

    /// Largest data epoch a manifest may record (far beyond any run; it keeps the sampler's
    /// epoch counter away from overflowing).
    static let maximumEpoch = Int(Int32.max)

    /// Refuses a key given twice anywhere in the manifest: JSON readers disagree on which value
    /// counts (Foundation keeps the first, Python the last).
    static func checkUniqueKeys(_ data: Data, path: String) throws(CheckpointError) {
        do {
            _ = try StrictJSON.parse([UInt8](data))
        } catch {
            throw CheckpointError("\(path)/\(Checkpoint.manifestFile) is not a valid checkpoint manifest: \(error)")
        }
    }

    /// Checks every value on its own and the step counts against each other.
    func validate(path: String) throws(CheckpointError) {
        let manifest = "\(path)/\(Checkpoint.manifestFile)"
        for (key, value) in [("stage", stage), ("step", step), ("global_step", globalStep), ("total_steps", totalSteps),
                             ("sampler.epoch", sampler.epoch), ("sampler.cursor", sampler.cursor)] where value < 0 {
            throw CheckpointError("\(manifest): '\(key)' is \(value); it must be at least 0")
        }
        guard sampler.epoch <= Self.maximumEpoch else {
            throw CheckpointError("\(manifest): 'sampler.epoch' is \(sampler.epoch); no run reaches \(Self.maximumEpoch) epochs")
        }
        guard step <= globalStep, globalStep <= totalSteps else {
            throw CheckpointError("\(manifest): step \(step), global_step \(globalStep) and total_steps \(totalSteps) disagree (each must be at most the next)")
        }
        for (name, record) in files {
            guard Self.isPlainName(name) else {
                throw CheckpointError("\(manifest) lists the file \(Self.quoted(name)), which is not a plain file name inside the checkpoint folder")
            }
            guard Self.knownFiles.contains(name) else {
                throw CheckpointError("\(manifest) lists \(Self.quoted(name)), which is not a checkpoint file (\(Self.knownFiles.sorted().joined(separator: ", ")))")
            }
            guard record.bytes >= 0 else { throw CheckpointError("\(manifest): \(name) has \(record.bytes) bytes") }
            guard record.sha256.count == 64, record.sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw CheckpointError("\(manifest): the sha256 of \(name) is not 64 lower-case hex digits")
            }
        }
    }

    /// True for a name that stays inside the folder it is looked up in: not empty, no `/`,
    /// not `.` or `..`, no control characters.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/")
            && !name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }

    /// `text` in double quotes, control characters and other non-printing ones escaped, so a
    /// hostile name cannot drive the terminal.
    static func quoted(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { $0.escaped(asASCII: false) }.joined() + "\""
    }
}

extension Checkpoint {
    /// Checks the tensors against each other: the EMA holds exactly the parameters with their
    /// shapes, and every optimiser state tensor `<parameter>.<state>` belongs to a parameter and
    /// has its shape.
    func validateTensors(path: String) throws(CheckpointError) {
        if let ema {
            for name in Set(ema.keys).symmetricDifference(parameters.keys).sorted() {
                throw CheckpointError("\(path)/\(Self.emaFile) and \(Self.weightsFile) disagree: '\(name)' is only in one of them")
            }
            for (name, value) in ema where value.type != parameters[name]!.type {
                throw CheckpointError("\(path)/\(Self.emaFile): '\(name)' is \(value.type), but the parameter is \(parameters[name]!.type)")
            }
        }
        let states = ["exp_avg", "exp_avg_sq", "momentum_buffer"]
        for (name, value) in optimizer.sorted(by: { $0.key < $1.key }) {
            guard let state = states.first(where: { name.hasSuffix("." + $0) }),
                  let parameter = parameters[String(name.dropLast(state.count + 1))] else {
                throw CheckpointError("\(path)/\(Self.optimizerFile): '\(name)' is not the \(states.joined(separator: ", ")) state of a parameter")
            }
            guard value.type == parameter.type else {
                throw CheckpointError("\(path)/\(Self.optimizerFile): '\(name)' is \(value.type), but its parameter is \(parameter.type)")
            }
        }
    }

    /// Checks that training can continue from this checkpoint on data of `windowCount`
    /// windows: its `spec.json` checks and has the recorded hash, the stage and steps agree with
    /// that spec's recipe, and the sampler's position lies inside the data. Returns that spec.
    @discardableResult
    public func validateForResume(windowCount: Int) throws(CheckpointError) -> Spec {
        let own = try spec()
        let stages = own.recipe.stages
        let m = manifest
        guard m.stage <= stages.count else {
            throw CheckpointError("the checkpoint is in stage index \(m.stage), but its own spec has \(stages.count) stages")
        }
        guard m.stage == stages.count ? m.step == 0 : m.step < stages[m.stage].steps else {
            throw CheckpointError("the checkpoint is at step \(m.step) of stage \(m.stage + 1), which its own spec does not have")
        }
        let before = stages.prefix(m.stage).reduce(0) { $0 + $1.steps }
        let total = stages.reduce(0) { $0 + $1.steps }
        guard m.globalStep == before + m.step, m.totalSteps == total else {
            throw CheckpointError("the checkpoint's global_step \(m.globalStep) and total_steps \(m.totalSteps) disagree with stage \(m.stage + 1) step \(m.step) of its spec (\(before + m.step) of \(total))")
        }
        // A finished run names its last stage (older checkpoints named none).
        let named = m.stage < stages.count ? [stages[m.stage].name] : [stages.last?.name ?? "", ""]
        guard named.contains(m.stageName) else {
            throw CheckpointError("the checkpoint's stage_name \(CheckpointManifest.quoted(m.stageName)) is not the name of stage \(min(m.stage, stages.count - 1) + 1) of its spec")
        }
        guard m.sampler.cursor <= windowCount else {
            throw CheckpointError("the checkpoint's sampler.cursor \(m.sampler.cursor) lies past the \(windowCount) training windows of the data")
        }
        return own
    }
}
