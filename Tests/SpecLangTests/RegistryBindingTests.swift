import Testing
@testable import SpecLang

/// Every registry parameter is bound to a Swift property of a matching type: a non-default
/// value set through the registry reads back unchanged from the typed configuration.
@Suite struct RegistryBindingTests {
    /// A valid value of `type` that differs from `avoid` where possible.
    func sample(_ type: ValueType, avoiding avoid: SpecValue?) -> SpecValue? {
        switch type {
        case .integer(let lo, let hi):
            let v = lo + 1 <= hi ? lo + 1 : lo
            return .int(avoid == .int(v) ? (v + 1 <= hi ? v + 1 : lo) : v)
        case .number(let lo, let hi, _):
            let v = hi == .greatestFiniteMagnitude ? (lo == -.greatestFiniteMagnitude ? 0.25 : lo + 0.5) : (lo + hi) / 2
            return .number(avoid == .number(v) ? v / 2 + lo / 2 + 0.001 : v)
        case .boolean:
            return .bool(!(avoid?.bool ?? false))
        case .string, .reference:
            return .string("sample")
        case .enumeration(let words):
            return .string(words.first { .string($0) != avoid } ?? words[0])
        case .list(let element, let count):
            let n = max(count.lowerBound, min(2, count.upperBound))
            guard let item = sample(element, avoiding: nil) else { return nil }
            return .list(Array(repeating: item, count: n))
        case .block(let schema):
            let fields = schema.parameters.map { p in sample(p.type, avoiding: p.defaultValue).map { SpecField(p.name, $0) } }
            return fields.contains { $0 == nil } ? nil : .map(fields.compactMap { $0 })
        case .choice(let options):
            return options.first.flatMap { sample($0, avoiding: avoid) }
        case .kinded, .named:
            return nil
        }
    }

    func check<C: SpecBlock>(_: C.Type) {
        for parameter in C.schema.parameters {
            guard let value = sample(parameter.type, avoiding: parameter.defaultValue) else { continue }
            let defaults = C().specValue.fields ?? []
            let fields = defaults.map { $0.name == parameter.name ? SpecField($0.name, value) : $0 }
            let typed = C(specValue: .map(fields))
            #expect(typed?.specValue[parameter.name] == value, "\(C.blockTitle).\(parameter.name)")
        }
    }

    /// Every kind of the registry and every nested block.
    static let blockTypes: [any SpecBlock.Type] =
        Registry.observationTypes + Registry.encoderTypes + Registry.headTypes + Registry.objectiveTypes
        + Registry.optimizerTypes + Registry.scheduleTypes
        + [ActionSpec.self, Stage.self, Recipe.self, DiffusionProcess.self, EnergyDescent.self, MLPDiffusion.self, CameraMatrices.self]

    @Test func everyParameterBindsToItsProperty() {
        for type in Self.blockTypes { check(type) }
    }

    @Test func defaultsRoundTripThroughTheTypedConfiguration() {
        for type in Self.blockTypes { roundTrip(type) }
    }

    func roundTrip<C: SpecBlock>(_: C.Type) {
        let defaults = C()
        #expect(C(specValue: defaults.specValue) == defaults, "\(C.blockTitle)")
        #expect(C.schema.parameters.map(\.name) == C.parameters.map(\.name))
    }
}
