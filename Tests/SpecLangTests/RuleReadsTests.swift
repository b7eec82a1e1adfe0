import Testing
import TestSupport
@testable import SpecLang

/// The checker skips a rule (or an encoder's output port) when something it declares to
/// read has an error, so the declarations must be complete: a rule that read an undeclared
/// parameter could run on a value that never typed and report noise. For random valid
/// configurations and contexts, changing anything a rule does not declare must not change
/// what it reports; likewise for `outputReads` and the output port.
@Suite struct RuleReadsTests {
    static let trials = 100

    @Test func observationRulesReadOnlyWhatTheyDeclare() {
        for type in Registry.observationTypes { checkObservation(type) }
    }

    @Test func encoderRulesAndOutputsReadOnlyWhatTheyDeclare() {
        for type in Registry.encoderTypes {
            checkPortComponent(type)
            checkOutput(type)
        }
    }

    @Test func headRulesReadOnlyWhatTheyDeclare() {
        for type in Registry.headTypes { checkPortComponent(type) }
        checkRules(DiffusionProcess.self, rules: DiffusionProcess.rules.map(ErasedRule.init))
    }

    /// A declaration that misses an input is caught (the test can fail).
    @Test func anIncompleteDeclarationIsCaught() {
        let careless = Rule<DiTHead>.when(.inconsistentSizes, "zero padding", at: "action_pad", reads: ["action_pad", "dim"]) { d, ctx in
            d.actionPad == .zero && ctx.action.dim > d.dim ? "too wide" : nil
        }
        #expect(!undeclaredReads(DiTHead.self, rule: ErasedRule(careless)).isEmpty)
    }

    // MARK: Harness

    /// A rule with its component type erased to `C`.
    struct ErasedRule<C> {
        let name: String
        let reads: [RuleInput]
        let run: (C, ComponentContext) -> [String]

        init(_ rule: Rule<C>) {
            name = "\(rule.code.rawValue) \(rule.doc)"
            reads = rule.reads
            run = { c, ctx in rule.check(c, ctx).map { "\($0.parameter): \($0.message)" } }
        }
    }

    func checkObservation<C: ObservationComponent>(_: C.Type) { checkRules(C.self, rules: C.rules.map(ErasedRule.init)) }

    func checkPortComponent<C: PortComponent>(_: C.Type) { checkRules(C.self, rules: C.rules.map(ErasedRule.init)) }

    func checkRules<C: SpecBlock>(_ type: C.Type, rules: [ErasedRule<C>]) {
        for rule in rules {
            let problems = undeclaredReads(type, rule: rule)
            #expect(problems.isEmpty, "\(C.blockTitle): rule \(rule.name) reads undeclared \(problems.sorted())")
        }
    }

    /// The inputs a rule turned out to depend on without declaring them.
    func undeclaredReads<C: SpecBlock>(_: C.Type, rule: ErasedRule<C>) -> Set<String> {
        var rng = SplitMix64(seed: 0xC0FFEE)
        var found = Set<String>()
        for _ in 0..<Self.trials {
            let config = randomBlock(C.schema, &rng)
            let inputs = (C.self as? any PortComponent.Type)?.inputs ?? []
            let context = randomContext(inputs: inputs, &rng)
            let base = rule.run(C(specValue: config)!, context)
            for leaf in leaves(C.schema) where !rule.reads.contains(where: { covers($0, leaf) }) {
                let changed = replacing(leaf, in: config, schema: C.schema, &rng)
                if rule.run(C(specValue: changed)!, context) != base { found.insert(leaf) }
            }
            for (name, variant) in contextVariants(context, inputs: inputs, &rng) where !rule.reads.contains(where: { covers($0, name) }) {
                if rule.run(C(specValue: config)!, variant) != base { found.insert(name) }
            }
        }
        return found
    }

    func checkOutput<C: EncoderComponent>(_: C.Type) {
        var rng = SplitMix64(seed: 0xBEEF)
        var found = Set<String>()
        let reads = C.outputReads.map(RuleInput.parameter)
        for _ in 0..<Self.trials {
            let config = randomBlock(C.schema, &rng)
            let context = randomContext(inputs: C.inputs, &rng)
            let base = C(specValue: config)!.output(context)
            for leaf in leaves(C.schema) where !reads.contains(where: { covers($0, leaf) }) {
                if C(specValue: replacing(leaf, in: config, schema: C.schema, &rng))!.output(context) != base { found.insert(leaf) }
            }
            for (name, variant) in contextVariants(context, inputs: C.inputs, &rng) where !reads.contains(where: { covers($0, name) }) {
                if C(specValue: config)!.output(variant) != base { found.insert(name) }
            }
        }
        #expect(found.isEmpty, "\(C.kind) encoder: output reads undeclared \(found.sorted())")
    }

    /// Whether declaring `input` covers the parameter or context field `name`.
    func covers(_ input: RuleInput, _ name: String) -> Bool {
        let declared = input.description
        return declared == name || name.hasPrefix(declared + ".") || declared.hasPrefix(name + ".")
    }

    /// Parameter paths that can change independently: top-level parameters, and the
    /// parameters of nested blocks.
    func leaves(_ schema: BlockSchema) -> [String] {
        schema.parameters.flatMap { p -> [String] in
            if case .block(let inner) = p.type { return inner.parameters.map { "\(p.name).\($0.name)" } }
            return [p.name]
        }
    }

    func replacing(_ leaf: String, in config: SpecValue, schema: BlockSchema, _ rng: inout SplitMix64) -> SpecValue {
        let parts = leaf.split(separator: ".", maxSplits: 1).map(String.init)
        let parameter = schema.parameter(parts[0])!
        let fields = config.fields!.map { field -> SpecField in
            guard field.name == parts[0] else { return field }
            if parts.count == 2, case .block(let inner) = parameter.type {
                // An absent optional block has no leaves to change.
                guard field.value.fields != nil else { return field }
                return SpecField(field.name, replacing(parts[1], in: field.value, schema: inner, &rng))
            }
            return SpecField(field.name, random(parameter.type, optional: !parameter.required, &rng))
        }
        return .map(fields)
    }

    // MARK: Random values

    func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T { items[Int(rng.next() % UInt64(items.count))] }

    func randomBlock(_ schema: BlockSchema, _ rng: inout SplitMix64) -> SpecValue {
        .map(schema.parameters.map { SpecField($0.name, random($0.type, optional: !$0.required, &rng)) })
    }

    func random(_ type: ValueType, optional: Bool = false, _ rng: inout SplitMix64) -> SpecValue {
        if optional && rng.next() % 5 == 0 { return .null }
        switch type {
        case .integer(let lo, let hi):
            let candidates = [lo, lo + 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 32, 64, 96, 100, 128, 256, hi].filter { $0 >= lo && $0 <= hi }
            return .int(pick(candidates, &rng))
        case .number(let lo, let hi, let exclusive):
            let candidates = [lo, -1, 0, 0.001, 0.1, 0.5, 0.9, 1, 2, 10, hi].filter { $0 <= hi && (exclusive ? $0 > lo : $0 >= lo) }
            return .number(pick(candidates.isEmpty ? [hi] : candidates, &rng))
        case .boolean:
            return .bool(rng.next() % 2 == 0)
        case .string, .reference:
            return .string(pick(["a", "b", "cam"], &rng))
        case .enumeration(let words):
            return .string(pick(words, &rng))
        case .list(let element, let count):
            let n = count.lowerBound + Int(rng.next() % UInt64(min(count.upperBound - count.lowerBound, 3) + 1))
            return .list((0..<n).map { _ in random(element, &rng) })
        case .block(let schema):
            return randomBlock(schema, &rng)
        case .choice(let options):
            return random(pick(options, &rng), &rng)
        case .kinded, .named:
            return .null
        }
    }

    func randomPort(_ kinds: [PortKind], _ rng: inout SplitMix64) -> Port {
        let side = [8, 12, 16, 32, 64]
        let type: PortType
        switch pick(kinds, &rng) {
        case .image: type = .image(channels: pick([1, 3], &rng), height: pick(side, &rng), width: pick(side, &rng))
        case .vector: type = .vector(dim: pick([1, 3, 7, 12, 36, 37, 64], &rng))
        case .text: type = .text(tokens: pick([4, 16], &rng), vocab: pick([32, 256], &rng))
        case .keypoints: type = .keypoints(count: pick([1, 2, 12], &rng), confidence: rng.next() % 2 == 0, camera: .named("cam"))
        case .tokens: type = .tokens(count: pick([1, 4, 16], &rng), dim: pick([8, 64, 128], &rng))
        }
        return Port(type, frames: pick([1, 2, 3], &rng))
    }

    func randomAction(_ rng: inout SplitMix64) -> ActionSpec {
        var action = ActionSpec()
        action.dim = pick([1, 4, 7, 12, 200], &rng)
        action.chunk = pick([1, 2, 8, 16], &rng)
        action.execute = rng.next() % 3 == 0 ? nil : pick([1, 2, 4, 8, 16], &rng)
        return action
    }

    func randomContext(inputs: [PortInput], _ rng: inout SplitMix64) -> ComponentContext {
        var ports: [String: [NamedPort]] = [:]
        for input in inputs {
            let count = input.isList ? 1 + Int(rng.next() % 3) : 1
            ports[input.parameter] = (0..<count).map { i in NamedPort(name: "p\(i)", port: randomPort(input.accepts, &rng)) }
        }
        return ComponentContext(name: "x", action: randomAction(&rng), history: 1, inputs: ports, observations: [:])
    }

    /// The context with one input changed at a time: each action field, each reference's ports.
    func contextVariants(_ context: ComponentContext, inputs: [PortInput], _ rng: inout SplitMix64) -> [(String, ComponentContext)] {
        var variants: [(String, ComponentContext)] = []
        let fresh = randomAction(&rng)
        for (field, change) in [("dim", { (a: inout ActionSpec) in a.dim = fresh.dim }),
                                ("chunk", { (a: inout ActionSpec) in a.chunk = fresh.chunk }),
                                ("execute", { (a: inout ActionSpec) in a.execute = fresh.execute })] {
            var variant = context
            change(&variant.action)
            variants.append(("action.\(field)", variant))
        }
        for input in inputs {
            var variant = context
            variant.inputs[input.parameter] = context.inputs[input.parameter]?.map {
                NamedPort(name: $0.name, port: randomPort(input.accepts, &rng))
            }
            variants.append((input.parameter, variant))
        }
        return variants
    }
}
