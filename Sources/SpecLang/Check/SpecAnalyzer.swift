/// The semantic half of the checker: from a merged YAML tree to a typed ``Spec``.
///
/// Order: top-level keys and values (registry validation), observations and their rules,
/// encoder references (unknown names, cycles, port kinds) in dependency order with each
/// kind's rules and derived output port, the head, the action, the recipe (objective fits
/// head, pretraining targets, `train` lists), unused ports, and finally resource limits.
/// A component with errors is skipped by later checks that depend on it, so one mistake
/// is reported once.
struct SpecAnalyzer {
    let file: String
    let limits: Limits
    private var validator = Validator()
    private var observations: [String: Observation] = [:]
    private var observationOrder: [String] = []
    private var declaredObservations = Set<String>()
    private var declaredEncoders = Set<String>()
    private var encoderValues: [String: SpecValue] = [:]
    private var encoders: [String: Encoder] = [:]
    private var encoderOrder: [String] = []
    private var costs: [ComponentEstimate] = []
    private var stagePlans: [StagePlan] = []
    private var action = ActionSpec()
    private var history = 1

    init(file: String, limits: Limits) {
        self.file = file
        self.limits = limits
    }

    var diagnostics: [Diagnostic] { validator.diagnostics }
    private var sourceMap: SourceMap { validator.sourceMap }

    private mutating func report(_ code: DiagnosticCode, _ message: String, at path: String,
                                 help: String? = nil, notes: [DiagnosticNote] = []) {
        validator.report(Diagnostic(code, message, at: sourceMap.range(path), notes: notes, help: help))
    }

    private var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: Top level

    mutating func analyze(_ root: YAMLNode) -> Spec? {
        guard case .mapping(let entries, let rootRange) = root else { return nil }
        validator.sourceMap.record("", value: rootRange, key: nil)
        var values: [String: SpecValue] = [:]
        let names = Registry.document.parameters.map(\.name)
        for entry in entries where Registry.document.parameter(entry.key.text) == nil {
            validator.report(Diagnostic(.unknownKey, "unknown top-level key '\(entry.key.text)'", at: entry.key.range,
                                        help: Suggestion.help(for: entry.key.text, among: names)
                                            ?? "allowed keys: \(names.joined(separator: ", "))"))
        }
        for parameter in Registry.document.parameters {
            if let entry = entries.first(where: { $0.key.text == parameter.name }) {
                if let v = validator.validate(entry.value, as: parameter.type, path: parameter.name,
                                              key: entry.key.range, context: parameter.name) {
                    values[parameter.name] = v
                }
            } else if parameter.required {
                validator.report(Diagnostic(.missingKey, "the spec is missing required key '\(parameter.name)'",
                                            at: rootRange,
                                            help: "add '\(parameter.name):' (\(parameter.doc))"))
            }
        }
        if let version = values["polspec"]?.int, version != 1 {
            report(.unsupportedVersion, "spec language version \(version) is not supported; this polspec reads version 1", at: "polspec")
        }
        declaredObservations = Set(root["observation"]?.entries?.map(\.key.text).filter { $0 != "history" } ?? [])
        declaredEncoders = Set(root["encoders"]?.entries?.map(\.key.text) ?? [])
        history = values["observation"]?["history"]?.int ?? 1
        if let a = values["action"].flatMap(ActionSpec.init(specValue:)) {
            action = a
            checkAction()
        }
        checkObservations(values["observation"])
        checkEncoders(values["encoders"])
        let head = checkHead(values["head"])
        let recipe = values["recipe"].flatMap(Recipe.init(specValue:))
        if let recipe { checkRecipe(recipe, head: head) }
        if let head { warnUnused(head: head, recipe: recipe) }
        guard !hasErrors, let head, let recipe, values["action"] != nil,
              let name = values["name"]?.string, let version = values["polspec"]?.int else { return nil }
        let estimate = ResourceEstimate(components: costs)
        checkLimits(estimate)
        guard !hasErrors else { return nil }
        let canonical = SpecValue.map([
            SpecField("polspec", .int(version)),
            SpecField("name", .string(name)),
            SpecField("observation", .map([SpecField("history", .int(history))]
                + observationOrder.compactMap { n in observations[n].map { SpecField(n, $0.config.specValue) } })),
            SpecField("action", action.specValue),
            SpecField("encoders", .map(encoderOrder.compactMap { n in encoders[n].map { SpecField(n, $0.config.specValue) } })),
            SpecField("head", head.config.specValue),
            SpecField("recipe", recipe.specValue),
        ])
        let json = canonical.canonicalJSON
        return Spec(version: version, name: name, description: values["description"]?.string, history: history,
                    observations: observationOrder.compactMap { observations[$0] }, action: action,
                    encoders: encoderOrder.compactMap { encoders[$0] }, head: head, recipe: recipe, stagePlans: stagePlans,
                    estimate: estimate, canonicalJSON: json, hash: SHA256.hex(Array(json.utf8)),
                    sourceMap: sourceMap, file: file)
    }

    private mutating func checkAction() {
        if action.range[0] >= action.range[1] {
            report(.rangeOrder, "action range must be [low, high] with low < high, found [\(JSONText.number(action.range[0])), \(JSONText.number(action.range[1]))]",
                   at: "action.range")
        }
        if let execute = action.execute, execute > action.chunk {
            report(.inconsistentSizes, "action.execute (\(execute)) exceeds the chunk length (\(action.chunk))", at: "action.execute",
                   help: "execute at most the \(action.chunk) predicted steps")
        }
    }

    // MARK: Observations

    private mutating func checkObservations(_ section: SpecValue?) {
        for field in section?.fields ?? [] where field.name != "history" {
            guard let config = ObservationKind(specValue: field.value) else { continue }
            let path = "observation.\(field.name)"
            if field.name == "head" {
                report(.invalidName, "'head' is reserved for the action head; rename this observation", at: path)
                continue
            }
            guard runRules(config.component, path: path, context: context(name: field.name, inputs: [:])) else { continue }
            let frames = config.component is TextObservation ? 1 : history
            observations[field.name] = Observation(name: field.name, config: config, port: Port(config.component.port, frames: frames))
            observationOrder.append(field.name)
        }
    }

    private func context(name: String, inputs: [String: [NamedPort]]) -> ComponentContext {
        ComponentContext(name: name, action: action, history: history, inputs: inputs,
                         observations: observations.mapValues(\.config))
    }

    private mutating func runRules<C: ObservationComponent>(_ component: C, path: String, context: ComponentContext) -> Bool {
        apply(C.rules, to: component, path: path, context: context)
    }

    private mutating func apply<C>(_ rules: [Rule<C>], to component: C, path: String, context: ComponentContext) -> Bool {
        var ok = true
        for rule in rules {
            for violation in rule.check(component, context) {
                report(rule.code, violation.message, at: SpecPath.join(path, violation.parameter), help: violation.help)
                ok = false
            }
        }
        return ok
    }

    // MARK: Encoders

    private mutating func checkEncoders(_ section: SpecValue?) {
        var configs: [String: EncoderKind] = [:]
        var order: [String] = []
        for field in section?.fields ?? [] {
            guard let config = EncoderKind(specValue: field.value) else { continue }
            let path = "encoders.\(field.name)"
            if declaredObservations.contains(field.name) {
                validator.report(Diagnostic(.duplicateName, "'\(field.name)' names both an observation and an encoder",
                                            at: sourceMap.key(path),
                                            notes: [DiagnosticNote("the observation is here", at: sourceMap.key("observation.\(field.name)"))],
                                            help: "rename the encoder, e.g. '\(field.name)_enc'"))
                continue
            }
            if field.name == "head" {
                report(.invalidName, "'head' is reserved for the action head; rename this encoder", at: path)
                continue
            }
            configs[field.name] = config
            encoderValues[field.name] = field.value
            order.append(field.name)
        }
        // Dependency order by depth-first search; cycles are reported and their members skipped.
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var failed = Set<String>()
        func dependencies(_ name: String) -> [(String, String)] {
            guard let config = configs[name] else { return [] }
            return references(of: config.component, value: encoderValues[name]!, path: "encoders.\(name)")
                .flatMap { input in input.names.map { (name: $0.name, path: $0.path) } }
                .filter { configs[$0.name] != nil }
        }
        var stack: [String] = []
        func visit(_ name: String) {
            if state[name] == 2 { return }
            if state[name] == 1 { return }
            state[name] = 1
            stack.append(name)
            for (dependency, referencePath) in dependencies(name) {
                if state[dependency] == 1, let start = stack.firstIndex(of: dependency) {
                    let cycle = Array(stack[start...]) + [dependency]
                    report(.referenceCycle, "reference cycle: \(cycle.joined(separator: " → "))", at: referencePath,
                           help: "an encoder cannot read its own output, directly or through others")
                    failed.formUnion(cycle)
                } else {
                    visit(dependency)
                }
            }
            stack.removeLast()
            state[name] = 2
            encoderOrder.append(name)
        }
        for name in order { visit(name) }
        encoderOrder = encoderOrder.filter { !failed.contains($0) }
        for name in encoderOrder {
            guard let config = configs[name] else { continue }
            if let encoder = resolveEncoder(config.component, name: name) { encoders[name] = encoder }
        }
        encoderOrder = encoderOrder.filter { encoders[$0] != nil }
    }

    private mutating func resolveEncoder<C: EncoderComponent>(_ component: C, name: String) -> Encoder? {
        let path = "encoders.\(name)"
        guard let inputs = resolveInputs(component, value: encoderValues[name]!, owner: "'\(name)' (\(C.kind) encoder)", path: path) else { return nil }
        let ctx = context(name: name, inputs: inputs)
        guard apply(C.rules, to: component, path: path, context: ctx) else { return nil }
        costs.append(ComponentEstimate(name: name, kind: "encoder \(C.kind)", cost: component.cost(ctx)))
        return Encoder(name: name, config: EncoderKind(specValue: kindedSpecValue(component))!, inputs: inputs,
                       output: component.output(ctx))
    }

    /// The names written in each reference parameter, with their paths.
    private func references<C: PortComponent>(of component: C, value: SpecValue, path: String)
        -> [(input: PortInput, names: [(name: String, path: String)])] {
        C.inputs.map { input in
            let p = SpecPath.join(path, input.parameter)
            switch value[input.parameter] {
            case .string(let name)?: return (input, [(name, p)])
            case .list(let items)?:
                return (input, items.enumerated().compactMap { i, item in item.string.map { ($0, "\(p).\(i)") } })
            default: return (input, [])
            }
        }
    }

    /// Resolves every reference of a component to a port, reporting unknown names and
    /// ports of the wrong kind. Nil when something did not resolve.
    private mutating func resolveInputs<C: PortComponent>(_ component: C, value: SpecValue, owner: String,
                                                          path: String) -> [String: [NamedPort]]? {
        var result: [String: [NamedPort]] = [:]
        var ok = true
        let known = observationOrder + encoderOrder
        for (input, names) in references(of: component, value: value, path: path) {
            var ports: [NamedPort] = []
            for (name, referencePath) in names {
                let port: Port
                if let observation = observations[name] {
                    port = observation.port
                } else if let encoder = encoders[name] {
                    if input.observationOnly {
                        report(.portMismatch, "\(owner) '\(input.parameter)' must name an observation, but '\(name)' is an encoder",
                               at: referencePath)
                        ok = false
                        continue
                    }
                    port = encoder.output
                } else {
                    if !(declaredObservations.contains(name) || declaredEncoders.contains(name)) {
                        let candidates = input.observationOnly ? observationOrder : known
                        report(.unknownReference, "\(owner) '\(input.parameter)' refers to '\(name)', which is not \(input.observationOnly ? "an observation" : "an observation or encoder")",
                               at: referencePath, help: Suggestion.help(for: name, among: Array(declaredObservations.union(input.observationOnly ? [] : declaredEncoders)))
                                ?? (candidates.isEmpty ? nil : "known: \(candidates.joined(separator: ", "))"))
                    }
                    ok = false
                    continue
                }
                if !input.accepts.contains(port.type.kind) {
                    report(.portMismatch, "\(owner) '\(input.parameter)' needs \(input.accepts.map(\.rawValue).joined(separator: " or ")), but '\(name)' is \(port)",
                           at: referencePath, help: portHelp(input.accepts, found: port.type.kind))
                    ok = false
                    continue
                }
                ports.append(NamedPort(name: name, port: port))
            }
            result[input.parameter] = ports
        }
        return ok ? result : nil
    }

    private func portHelp(_ accepts: [PortKind], found: PortKind) -> String? {
        switch (found, accepts.contains(.tokens) || accepts.contains(.vector)) {
        case (.image, true): return "encode the image first (cnn or jepa encoder)"
        case (.text, true): return "embed the text first (text_embedding encoder)"
        case (.keypoints, true): return "lift the keypoints first (pixel_as_ray encoder)"
        default: return nil
        }
    }

    // MARK: Head

    private mutating func checkHead(_ value: SpecValue?) -> Head? {
        guard let value, let config = HeadKind(specValue: value) else { return nil }
        return resolveHead(config.component, value: value)
    }

    private mutating func resolveHead<C: HeadComponent>(_ component: C, value: SpecValue) -> Head? {
        guard let inputs = resolveInputs(component, value: value, owner: "\(C.kind) head", path: "head") else { return nil }
        let ctx = context(name: "head", inputs: inputs)
        var ok = apply(C.rules, to: component, path: "head", context: ctx)
        if let process = component.sampling {
            ok = apply(DiffusionProcess.rules, to: process, path: "head.diffusion", context: ctx) && ok
        }
        guard ok else { return nil }
        costs.append(ComponentEstimate(name: "head", kind: "head \(C.kind)", cost: component.cost(ctx)))
        return Head(config: HeadKind(specValue: kindedSpecValue(component))!, inputs: inputs)
    }

    // MARK: Recipe

    private mutating func checkRecipe(_ recipe: Recipe, head: Head?) {
        var seen: [String: Int] = [:]
        for (i, stage) in recipe.stages.enumerated() {
            let path = "recipe.stages.\(i)"
            if let first = seen[stage.name] {
                validator.report(Diagnostic(.duplicateName, "two stages are named '\(stage.name)'", at: sourceMap.range("\(path).name"),
                                            notes: [DiagnosticNote("the first is here", at: sourceMap.range("recipe.stages.\(first).name"))]))
            } else {
                seen[stage.name] = i
            }
            let objective = stage.objective.component
            let objectivePath = sourceMap.value("\(path).objective.kind") == nil ? "\(path).objective" : "\(path).objective.kind"
            var target: String?
            if let kind = type(of: objective).encoderKind {
                target = pretrainingTarget(of: objective, kind: kind, stagePath: path, objectivePath: objectivePath)
            } else if let head, let problem = objective.mismatch(with: head.config) {
                report(.objectiveMismatch, "stage '\(stage.name)': \(problem)", at: objectivePath)
            }
            if let train = stage.train { checkTrainList(train, stage: stage, path: path, target: target) }
            stagePlans.append(StagePlan(trains: stage.train ?? target.map { [$0] } ?? encoderOrder + ["head"], target: target))
            if stage.schedule.warmup >= stage.steps {
                report(.inconsistentSizes, "stage '\(stage.name)': warmup (\(stage.schedule.warmup)) must be shorter than the stage (\(stage.steps) steps)",
                       at: "\(path).schedule.warmup")
            }
        }
    }

    /// The encoder a pretraining objective trains, or nil (reported) when there is none.
    private mutating func pretrainingTarget(of objective: any ObjectiveComponent, kind: String, stagePath: String,
                                            objectivePath: String) -> String? {
        let objectiveKind = type(of: objective).kind
        let candidates = encoderOrder.filter { encoders[$0]?.config.kindName == kind }
        if let named = objective.encoder {
            let namePath = "\(stagePath).objective.encoder"
            if let encoder = encoders[named] {
                guard encoder.config.kindName == kind else {
                    report(.objectiveTarget, "\(objectiveKind) pretrains a \(kind) encoder, but '\(named)' is a \(encoder.config.kindName) encoder",
                           at: namePath, help: candidates.isEmpty ? nil : "use \(candidates.joined(separator: " or "))")
                    return nil
                }
                return named
            }
            if !declaredEncoders.contains(named) {
                report(.unknownReference, "\(objectiveKind) objective refers to '\(named)', which is not an encoder", at: namePath,
                       help: Suggestion.help(for: named, among: Array(declaredEncoders)))
            }
            return nil
        }
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty {
            if !declaredEncoders.contains(where: { encoderValues[$0].flatMap(kindOf) == kind }) {
                report(.objectiveTarget, "objective \(objectiveKind) pretrains a \(kind) encoder, but the spec has none", at: objectivePath)
            }
        } else {
            report(.objectiveTarget, "objective \(objectiveKind) could pretrain \(candidates.joined(separator: " or ")); name one with encoder:",
                   at: objectivePath)
        }
        return nil
    }

    private mutating func checkTrainList(_ train: [String], stage: Stage, path: String, target: String?) {
        for (j, name) in train.enumerated() {
            let itemPath = "\(path).train.\(j)"
            if name == "head" || declaredEncoders.contains(name) { continue }
            if declaredObservations.contains(name) {
                report(.notTrainable, "stage '\(stage.name)' trains '\(name)', an observation: it has no parameters", at: itemPath,
                       help: "list encoders or head")
            } else {
                report(.unknownReference, "stage '\(stage.name)' trains '\(name)', which is not an encoder or the head", at: itemPath,
                       help: Suggestion.help(for: name, among: Array(declaredEncoders) + ["head"]))
            }
        }
        if let target, !train.contains(target) {
            report(.objectiveTarget, "stage '\(stage.name)' pretrains '\(target)' but its train list leaves it out", at: "\(path).train",
                   help: "add \(target) to train, or drop train to default to it")
        } else if type(of: stage.objective.component).encoderKind == nil, !train.contains("head") {
            report(.headNotTrained, "stage '\(stage.name)' optimises the head's objective but does not train the head", at: "\(path).train",
                   help: "add head to train unless the head is meant to stay frozen")
        }
    }

    // MARK: Unused ports and limits

    private mutating func warnUnused(head: Head, recipe: Recipe?) {
        var used = Set<String>()
        var pending = head.inputs.values.flatMap { $0.map(\.name) }
        for stage in recipe?.stages ?? [] {
            if let encoder = stage.objective.component.encoder { pending.append(encoder) }
            if let kind = type(of: stage.objective.component).encoderKind, stage.objective.component.encoder == nil {
                pending += encoderOrder.filter { encoders[$0]?.config.kindName == kind }
            }
        }
        while let name = pending.popLast() {
            guard used.insert(name).inserted else { continue }
            pending += encoders[name]?.inputs.values.flatMap { $0.map(\.name) } ?? []
        }
        for name in observationOrder where !used.contains(name) {
            validator.report(Diagnostic(.unusedPort, "observation '\(name)' is not used by the head or any encoder it reads",
                                        at: sourceMap.key("observation.\(name)"), help: "remove it, or add it to a condition"))
        }
        for name in encoderOrder where !used.contains(name) {
            validator.report(Diagnostic(.unusedPort, "encoder '\(name)' is not used by the head or any encoder it reads",
                                        at: sourceMap.key("encoders.\(name)"), help: "remove it, or add it to head.condition"))
        }
    }

    private mutating func checkLimits(_ estimate: ResourceEstimate) {
        let total = estimate.total
        checkLimit(.tooManyParameters, estimate, \.parameters, total.parameters, limits.maxParameters,
                   what: "the spec has %@ parameters", unit: "", option: "--max-params", advice: "shrink the largest component")
        checkLimit(.tooManyFlops, estimate, \.flops, total.flops, limits.maxFlopsPerCall,
                   what: "one policy call costs %@FLOPs", unit: "FLOPs", option: "--max-flops",
                   advice: "use fewer sampling steps or smaller components")
    }

    /// Reports `code` at the largest component when `value` exceeds `limit`.
    private mutating func checkLimit(_ code: DiagnosticCode, _ estimate: ResourceEstimate, _ measure: KeyPath<Cost, Int>,
                                     _ value: Int, _ limit: Int, what: String, unit: String, option: String, advice: String) {
        guard value > limit else { return }
        let largest = estimate.components.max { $0.cost[keyPath: measure] < $1.cost[keyPath: measure] }
        let place = largest.map { $0.name == "head" ? "head" : "encoders.\($0.name)" } ?? "name"
        let message = what.replacingOccurrences(of: "%@", with: Quantity.count(value))
            + ", over the limit of \(Quantity.count(limit))\(unit)"
            + (largest.map { " (largest: \($0.name), \(Quantity.count($0.cost[keyPath: measure]))\(unit))" } ?? "")
        validator.report(Diagnostic(code, message, at: sourceMap.key(place), help: "\(advice), or raise the limit with \(option)"))
    }
}
