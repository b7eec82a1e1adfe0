import Foundation

/// `adamw`: Adam with decoupled weight decay.
public struct AdamWOptimizer: OptimizerComponent, Hashable {
    public var lr = 1.0e-3
    public var weightDecay = 0.01
    public var betas = [0.9, 0.999]
    public var eps = 1.0e-8
    public var decayAll = false
    public init() {}
    public static let kind = "adamw"
    public static let family = Family.optimizer
    public static let summary = "Adam with decoupled weight decay"
    public static let details = "PyTorch AdamW semantics. Biases and normalisation weights are not decayed unless `decay_all` is set."
    public static let example = "optimizer: {kind: adamw, lr: 1.0e-4, weight_decay: 0.05, betas: [0.9, 0.95]}"
    public static let parameters: [Parameter<AdamWOptimizer>] = [
        Parameter("lr", \.lr, .positiveNumber, "peak learning rate"),
        Parameter("weight_decay", \.weightDecay, .nonNegativeNumber, "decoupled weight decay"),
        Parameter("betas", \.betas, .list(.number(min: 0, max: 0.999999, minExclusive: false), 2...2), "[β1, β2]"),
        Parameter("eps", \.eps, .positiveNumber, "denominator epsilon"),
        Parameter("decay_all", \.decayAll, .boolean, "decay biases and normalisation weights too (default: only weight matrices and embeddings)"),
    ]
}

/// `adam`: Adam without weight decay.
public struct AdamOptimizer: OptimizerComponent, Hashable {
    public var lr = 1.0e-3
    public var betas = [0.9, 0.999]
    public var eps = 1.0e-8
    public init() {}
    public static let kind = "adam"
    public static let family = Family.optimizer
    public static let summary = "Adam"
    public static let details = "PyTorch Adam semantics, no weight decay."
    public static let example = "optimizer: {kind: adam, lr: 3.0e-4}"
    public static let parameters: [Parameter<AdamOptimizer>] = [
        Parameter("lr", \.lr, .positiveNumber, "peak learning rate"),
        Parameter("betas", \.betas, .list(.number(min: 0, max: 0.999999, minExclusive: false), 2...2), "[β1, β2]"),
        Parameter("eps", \.eps, .positiveNumber, "denominator epsilon"),
    ]
}

/// `sgd`: stochastic gradient descent with momentum.
public struct SGDOptimizer: OptimizerComponent, Hashable {
    public var lr = 1.0e-2
    public var momentum = 0.9
    public var nesterov = false
    public var weightDecay = 0.0
    public var decayAll = false
    public init() {}
    public static let kind = "sgd"
    public static let family = Family.optimizer
    public static let summary = "SGD with (Nesterov) momentum"
    public static let details = "PyTorch SGD semantics (L2 weight decay added to the gradient; biases and normalisation weights are not decayed unless `decay_all` is set)."
    public static let example = "optimizer: {kind: sgd, lr: 0.01, momentum: 0.9}"
    public static let parameters: [Parameter<SGDOptimizer>] = [
        Parameter("lr", \.lr, .positiveNumber, "peak learning rate"),
        Parameter("momentum", \.momentum, .number(0...0.999999), "momentum"),
        Parameter("nesterov", \.nesterov, .boolean, "Nesterov momentum"),
        Parameter("weight_decay", \.weightDecay, .nonNegativeNumber, "L2 weight decay"),
        Parameter("decay_all", \.decayAll, .boolean, "decay biases and normalisation weights too (default: only weight matrices and embeddings)"),
    ]
}

/// `constant`: the peak learning rate after an optional linear warmup.
public struct ConstantSchedule: ScheduleComponent, Hashable {
    public var warmup = 0
    public init() {}
    public func factor(progress p: Double) -> Double { 1 }
    public static let kind = "constant"
    public static let family = Family.schedule
    public static let summary = "constant learning rate (after linear warmup)"
    public static let details = "At step t (0-based) the rate is lr·t/warmup while t < warmup, then lr (transformers' get_constant_schedule_with_warmup)."
    public static let example = "schedule: constant"
    public static let parameters: [Parameter<ConstantSchedule>] = [
        Parameter("warmup", \.warmup, .nonNegativeInt, "linear warmup steps"),
    ]
}

/// `cosine`: cosine decay after warmup.
public struct CosineSchedule: ScheduleComponent, Hashable {
    public var warmup = 0
    public var finalRatio = 0.0
    public init() {}
    public func factor(progress p: Double) -> Double { finalRatio + (1 - finalRatio) * 0.5 * (1 + cos(Double.pi * min(p, 1))) }
    public static let kind = "cosine"
    public static let family = Family.schedule
    public static let summary = "cosine decay to final_ratio × lr (after linear warmup)"
    public static let details = "lr·t/warmup while t < warmup (t the 0-based step), then half a cosine from lr towards final_ratio·lr, reached after the last of the stage's steps (transformers' get_cosine_schedule_with_warmup when final_ratio is 0)."
    public static let example = "schedule: {kind: cosine, warmup: 500}"
    public static let parameters: [Parameter<CosineSchedule>] = [
        Parameter("warmup", \.warmup, .nonNegativeInt, "linear warmup steps"),
        Parameter("final_ratio", \.finalRatio, .unitInterval, "final learning rate as a fraction of lr"),
    ]
}

/// `linear`: linear decay after warmup.
public struct LinearSchedule: ScheduleComponent, Hashable {
    public var warmup = 0
    public var finalRatio = 0.0
    public init() {}
    public func factor(progress p: Double) -> Double { finalRatio + (1 - finalRatio) * max(0, 1 - p) }
    public static let kind = "linear"
    public static let family = Family.schedule
    public static let summary = "linear decay to final_ratio × lr (after linear warmup)"
    public static let details = "lr·t/warmup while t < warmup (t the 0-based step), then a straight line from lr towards final_ratio·lr, reached after the last of the stage's steps (transformers' get_linear_schedule_with_warmup when final_ratio is 0)."
    public static let example = "schedule: {kind: linear, warmup: 100, final_ratio: 0.1}"
    public static let parameters: [Parameter<LinearSchedule>] = [
        Parameter("warmup", \.warmup, .nonNegativeInt, "linear warmup steps"),
        Parameter("final_ratio", \.finalRatio, .unitInterval, "final learning rate as a fraction of lr"),
    ]
}
