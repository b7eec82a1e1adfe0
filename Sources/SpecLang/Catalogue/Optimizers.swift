/// `adamw`: Adam with decoupled weight decay.
public struct AdamWOptimizer: SpecComponent, Hashable {
    public var lr = 1.0e-3
    public var weightDecay = 0.01
    public var betas = [0.9, 0.999]
    public var eps = 1.0e-8
    public init() {}
    public static let kind = "adamw"
    public static let family = Family.optimizer
    public static let summary = "Adam with decoupled weight decay"
    public static let details = "PyTorch AdamW semantics."
    public static let example = "optimizer: {kind: adamw, lr: 1.0e-4, weight_decay: 0.05, betas: [0.9, 0.95]}"
    public static let parameters: [Parameter<AdamWOptimizer>] = [
        Parameter("lr", \.lr, .positiveNumber, "peak learning rate"),
        Parameter("weight_decay", \.weightDecay, .nonNegativeNumber, "decoupled weight decay"),
        Parameter("betas", \.betas, .list(.number(min: 0, max: 0.999999, minExclusive: false), 2...2), "[β1, β2]"),
        Parameter("eps", \.eps, .positiveNumber, "denominator epsilon"),
    ]
}

/// `adam`: Adam without weight decay.
public struct AdamOptimizer: SpecComponent, Hashable {
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
public struct SGDOptimizer: SpecComponent, Hashable {
    public var lr = 1.0e-2
    public var momentum = 0.9
    public var nesterov = false
    public var weightDecay = 0.0
    public init() {}
    public static let kind = "sgd"
    public static let family = Family.optimizer
    public static let summary = "SGD with (Nesterov) momentum"
    public static let details = "PyTorch SGD semantics (L2 weight decay added to the gradient)."
    public static let example = "optimizer: {kind: sgd, lr: 0.01, momentum: 0.9}"
    public static let parameters: [Parameter<SGDOptimizer>] = [
        Parameter("lr", \.lr, .positiveNumber, "peak learning rate"),
        Parameter("momentum", \.momentum, .number(0...0.999999), "momentum"),
        Parameter("nesterov", \.nesterov, .boolean, "Nesterov momentum"),
        Parameter("weight_decay", \.weightDecay, .nonNegativeNumber, "L2 weight decay"),
    ]
}

/// `constant`: the peak learning rate after an optional linear warmup.
public struct ConstantSchedule: SpecComponent, Hashable {
    public var warmup = 0
    public init() {}
    public static let kind = "constant"
    public static let family = Family.schedule
    public static let summary = "constant learning rate (after linear warmup)"
    public static let details = "Linear warmup from 0 over `warmup` steps, then the optimizer's lr."
    public static let example = "schedule: constant"
    public static let parameters: [Parameter<ConstantSchedule>] = [
        Parameter("warmup", \.warmup, .nonNegativeInt, "linear warmup steps"),
    ]
}

/// `cosine`: cosine decay after warmup.
public struct CosineSchedule: SpecComponent, Hashable {
    public var warmup = 0
    public var finalRatio = 0.0
    public init() {}
    public static let kind = "cosine"
    public static let family = Family.schedule
    public static let summary = "cosine decay to final_ratio × lr (after linear warmup)"
    public static let details = "Linear warmup, then half a cosine from lr down to final_ratio·lr at the last step."
    public static let example = "schedule: {kind: cosine, warmup: 500}"
    public static let parameters: [Parameter<CosineSchedule>] = [
        Parameter("warmup", \.warmup, .nonNegativeInt, "linear warmup steps"),
        Parameter("final_ratio", \.finalRatio, .unitInterval, "final learning rate as a fraction of lr"),
    ]
}

/// `linear`: linear decay after warmup.
public struct LinearSchedule: SpecComponent, Hashable {
    public var warmup = 0
    public var finalRatio = 0.0
    public init() {}
    public static let kind = "linear"
    public static let family = Family.schedule
    public static let summary = "linear decay to final_ratio × lr (after linear warmup)"
    public static let details = "Linear warmup, then a straight line from lr to final_ratio·lr at the last step."
    public static let example = "schedule: {kind: linear, warmup: 100, final_ratio: 0.1}"
    public static let parameters: [Parameter<LinearSchedule>] = [
        Parameter("warmup", \.warmup, .nonNegativeInt, "linear warmup steps"),
        Parameter("final_ratio", \.finalRatio, .unitInterval, "final learning rate as a fraction of lr"),
    ]
}
