/// The value of a kinded component: `{kind: NAME, ...parameters}`.
func kindedSpecValue<C: SpecComponent>(_ component: C) -> SpecValue {
    .map([SpecField("kind", .string(C.kind))] + (component.specValue.fields ?? []))
}

/// The kind name of a kinded value.
func kindOf(_ value: SpecValue) -> String? { value["kind"]?.string }

/// A family of kinded values (`{kind: NAME, ...}`): which ``Family`` of the registry it reads
/// and the protocol its components conform to.
public protocol KindFamily: Sendable {
    /// The components' protocol as an existential (`any EncoderComponent`).
    associatedtype Component: Sendable
    static var family: Family { get }
}

/// One component of a ``KindFamily``, whatever its kind: the configuration the spec wrote,
/// typed by its kind's struct.
///
/// The kinds that parse are exactly the registry's list for the family
/// (``Registry/componentTypes(_:)``): nothing else names a kind. Code that needs a particular
/// kind's behaviour asks the component for a protocol it conforms to (for example the
/// compiler's lowering protocols), never switches over kind names.
public struct Kinded<F: KindFamily>: SpecValueConvertible, Hashable, @unchecked Sendable {
    /// The configuration, as its kind's struct.
    public let base: any SpecComponent

    /// Wraps `component`, which must be a kind of the family.
    public init(_ component: any SpecComponent) {
        precondition(type(of: component).family == F.family, "\(type(of: component).kind) is not a \(F.family.rawValue) kind")
        base = component
    }

    public init?(specValue: SpecValue) {
        guard let name = kindOf(specValue),
              let type = Registry.componentTypes(F.family).first(where: { $0.kind == name }),
              let component = type.init(specValue: specValue) else { return nil }
        base = component
    }

    /// The configuration as the family's protocol, for generic code.
    public var component: F.Component { base as! F.Component }

    /// The `kind:` name.
    public var kindName: String { type(of: base).kind }

    public var specValue: SpecValue { kindedSpecValue(base) }

    public static func == (a: Kinded, b: Kinded) -> Bool { a.specValue == b.specValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(specValue) }
}

/// Observation kinds (`image`, `vector`, ...).
public enum Observations: KindFamily {
    public typealias Component = any ObservationComponent
    public static let family = Family.observation
}

/// Encoder kinds.
public enum Encoders: KindFamily {
    public typealias Component = any EncoderComponent
    public static let family = Family.encoder
}

/// Head kinds.
public enum Heads: KindFamily {
    public typealias Component = any HeadComponent
    public static let family = Family.head
}

/// Objective kinds of recipe stages.
public enum Objectives: KindFamily {
    public typealias Component = any ObjectiveComponent
    public static let family = Family.objective
}

/// Optimizer kinds of recipe stages.
public enum Optimizers: KindFamily {
    public typealias Component = any OptimizerComponent
    public static let family = Family.optimizer
}

/// Learning-rate schedule kinds of recipe stages.
public enum Schedules: KindFamily {
    public typealias Component = any ScheduleComponent
    public static let family = Family.schedule
}

/// An observation's configuration, by kind.
public typealias ObservationKind = Kinded<Observations>
/// An encoder's configuration, by kind.
public typealias EncoderKind = Kinded<Encoders>
/// The head's configuration, by kind.
public typealias HeadKind = Kinded<Heads>
/// A stage's objective, by kind.
public typealias ObjectiveKind = Kinded<Objectives>
/// A stage's optimizer, by kind.
public typealias OptimizerKind = Kinded<Optimizers>
/// A stage's learning-rate schedule, by kind.
public typealias ScheduleKind = Kinded<Schedules>
