/// What must stay the same for a run to resume a checkpoint with a (possibly edited) spec:
/// everything its weights and optimizer state depend on, and nothing else (docs/training.md,
/// "Resuming").
///
/// - the interface and the architecture (`observation`, `action`, `encoders`, `head`): the
///   weights' names, shapes and meaning;
/// - `recipe.seed` (data order, initialisation, noise draws);
/// - every stage already finished, and the order of the stages up to the one in progress;
/// - the stage in progress, but for its `steps` (lengthening or shortening it is how a run is
///   extended; the trainer checks that the steps done still fit).
///
/// Later stages, and a stage of which no step has run yet (a checkpoint between stages), may
/// change, be added or be removed, and names (the spec's, the stages') and the description
/// never matter.
public enum ResumeCheck {
    /// One difference that keeps a checkpoint from being resumed.
    public struct Blocker: Sendable, Hashable {
        public let difference: SpecDifference
        /// Why it matters (`the stage in progress`, `a finished stage`, `the architecture`, ...).
        public let reason: String
    }

    /// The differences between `trained` (the checkpoint's spec) and `spec` that matter for
    /// resuming at step `step` of stage index `stage` (the stage count when every stage is done).
    public static func blockers(trained: Spec, spec: Spec, stage: Int, step: Int) -> [Blocker] {
        let started = step > 0 ? stage : stage - 1
        let diff = SpecDiff(old: SpecDiff.Side(label: "checkpoint", spec: trained, sources: SourceStore()),
                            new: SpecDiff.Side(label: "spec", spec: spec, sources: SourceStore()))
        let trainedStages = trained.recipe.stages.map(\.name)
        let renamed = Dictionary(uniqueKeysWithValues: diff.stages.compactMap { s in s.renamedFrom.map { (s.name, $0) } })
        return diff.differences.compactMap { d -> Blocker? in
            let parts = d.path.split(separator: ".").map(String.init)
            switch d.compatibility {
            case .cosmetic: return nil
            case .interface: return Blocker(difference: d, reason: "the deployment interface")
            case .checkpoint, .computation: return Blocker(difference: d, reason: "the architecture")
            case .recipe: break
            }
            guard parts.count >= 3, parts[1] == "stages" else {
                if d.path == "recipe.stages" {
                    // The stages kept on both sides are in another order: it matters up to the stage in progress.
                    let before = (d.old?.list ?? []).compactMap(\.string), after = (d.new?.list ?? []).compactMap(\.string)
                    let reached = Set(trainedStages.prefix(started + 1))
                    return before.filter(reached.contains) == after.filter(reached.contains) ? nil
                        : Blocker(difference: d, reason: "the order of the stages run so far")
                }
                return Blocker(difference: d, reason: "the recipe's seed")
            }
            let name = renamed[parts[2]] ?? parts[2]
            guard let index = trainedStages.firstIndex(of: name) else { return nil }  // a stage added after the checkpoint
            if index < stage { return Blocker(difference: d, reason: "a finished stage") }
            if index > started { return nil }
            if parts.count == 4 && parts[3] == "steps" && d.change == .changed { return nil }
            return Blocker(difference: d, reason: "the stage in progress")
        }
    }

    /// One line per blocker: `recipe.stages.imitation.batch: 8 → 4 (the stage in progress)`.
    public static func describe(_ blockers: [Blocker]) -> [String] {
        blockers.map { b in
            let d = b.difference
            let values = d.change == .renamed ? "renamed from \(d.renamedFrom ?? "")"
                : "\(SpecDiffReport.value(d.old, limit: 60)) → \(SpecDiffReport.value(d.new, limit: 60))"
            return TerminalText.escaped("\(d.path): \(values) (\(b.reason))")
        }
    }
}
