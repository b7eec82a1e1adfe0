import SpecLang

/// A stage's learning rate at each optimizer step: the spec's schedule (`constant`, `linear`,
/// `cosine`, each with linear warm-up) applied to the optimizer's peak `lr`.
///
/// Step `t` is 0-based (the rate the `t`-th update uses), `T` the stage's steps, `w` the
/// warm-up. While `t < w` the factor is `t / w`; after it, with `p = (t − w) / (T − w)` and
/// `f` the schedule's `final_ratio`:
///
/// | kind | factor |
/// |---|---|
/// | constant | 1 |
/// | linear | f + (1 − f) · (1 − p) |
/// | cosine | f + (1 − f) · ½ (1 + cos π p) |
///
/// With `f = 0` these are transformers' `get_constant_schedule_with_warmup`,
/// `get_linear_schedule_with_warmup` and `get_cosine_schedule_with_warmup` (as diffusers uses
/// them), so the first update of a warmed-up stage has rate 0, as there.
public struct LearningRateSchedule: Sendable, Hashable {
    public let kind: ScheduleKind
    /// The optimizer's peak learning rate.
    public let peak: Double
    /// Optimizer steps of the stage.
    public let steps: Int

    public init(_ kind: ScheduleKind, peak: Double, steps: Int) {
        self.kind = kind
        self.peak = peak
        self.steps = steps
    }

    /// The schedule of a recipe stage.
    public init(stage: Stage) {
        self.init(stage.schedule, peak: stage.optimizer.component.lr, steps: stage.steps)
    }

    /// The learning rate of 0-based step `t`.
    public func rate(atStep t: Int) -> Double {
        peak * factor(atStep: t)
    }

    /// The multiplier of the peak rate at 0-based step `t`.
    public func factor(atStep t: Int) -> Double {
        let schedule = kind.component
        if t < schedule.warmup { return Double(t) / Double(schedule.warmup) }
        return schedule.factor(progress: Double(t - schedule.warmup) / Double(max(1, steps - schedule.warmup)))
    }
}
