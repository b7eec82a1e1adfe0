/// The semantic half of the checker: from a merged YAML tree to a typed ``Spec``.
///
/// Order: top-level keys and values (registry validation), observations and their rules,
/// encoder references (unknown names, cycles, port kinds) in dependency order with each
/// kind's rules and derived output port, the head, the action, the recipe (objective fits
/// head, pretraining targets, `train` lists), unused ports, and finally resource limits.
///
/// Every check runs on whatever typed cleanly, so one run reports every independent
/// mistake; nothing is reported that exists only because of an earlier error. The
/// bookkeeping for that is one set of *problem paths*: values that did not type (from the
/// ``Validator``) and references that did not resolve to a fitting port. A rule runs only
/// when everything it ``Rule/reads`` is intact; an encoder has an output port only when its
/// ``EncoderComponent/outputReads`` are intact; a reference to a declared component without
/// a port is left unresolved silently (its own error was reported where it is).
struct SpecAnalyzer {
    let file: String
    let limits: Limits
    private var validator = Validator()
    /// References that did not resolve (reported, or silent follow-ons of another error).
    private var unresolved = Set<String>()
    private var observations: [String: Observation] = [:]
    private var observationOrder: [String] = []
    private var declaredObservations = Set<String>()
    private var declaredEncoders = Set<String>()
    private var encoderConfigs: [String: EncoderKind] = [:]
    private var encoderValues: [String: SpecValue] = [:]
    /// Encoders whose output port is known, by name.
    private var encoders: [String: Encoder] = [:]
    /// Every encoder with a known kind, in dependency order.
    private var encoderOrder: [String] = []
    private var action = ActionSpec()
    private var history = 1

    /// `deleted`: where the keys that a `null` deleted were, by path (a required one is reported there).
    init(file: String, limits: Limits, deleted: [String: SourceRange] = [:]) {
        self.file = file
        self.limits = limits
        validator.deleted = deleted
    }

    var diagnostics: [Diagnostic] { validator.diagnostics }
    private var sourceMap: SourceMap { validator.sourceMap }

    private mutating func report(_ code: DiagnosticCode, _ message: String, at path: String,
                                 help: String? = nil, notes: [DiagnosticNote] = []) {
        validator.report(Diagnostic(code, message, at: sourceMap.range(path), notes: notes, help: help))
    }

    private var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    // MARK: Problem paths

    private func isProblem(_ problem: String, covering path: String, descendants: Bool) -> Bool {
        problem == path || path.hasPrefix(problem + ".") || (descendants && problem.hasPrefix(path + "."))
    }

    /// Whether the value at `path` and everything inside it typed and resolved.
    private func isIntact(_ path: String) -> Bool {
        !validator.invalid.contains { isProblem($0, covering: path, descendants: true) }
            && !unresolved.contains { isProblem($0, covering: path, descendants: true) }
    }

    /// Whether the value at `path` itself typed (for a kinded value: its kind), even if
    /// something inside it did not.
    private func isTyped(_ path: String) -> Bool {
        !validator.invalid.contains { isProblem($0, covering: path, descendants: false) }
    }

    /// Whether every observation name is known (the section typed as a mapping), so that an
    /// unknown name is a mistake rather than a consequence of a broken section.
    private var observationNamesKnown: Bool { isTyped("observation") }
    /// Whether every encoder name is known.
    private var encoderNamesKnown: Bool { isTyped("encoders") }

    /// The path of a rule input for a component at `componentPath`.
    private func path(of input: RuleInput, in componentPath: String) -> String {
        switch input {
        case .parameter(let p): return SpecPath.join(componentPath, p)
        case .action(let field): return "action.\(field)"
        }
    }

    // MARK: Top level

    mutating func analyze(_ root: YAMLNode) -> Spec? {
        guard case .mapping(let entries, let rootRange) = root else { return nil }
        validator.sourceMap.record("", value: rootRange, key: nil)
        var values: [String: SpecValue] = [:]
        let names = Registry.document.parameters.map(\.name)
        for entry in entries where Registry.document.parameter(entry.key.text) == nil {
            validator.reportUnknownKey(entry.key, in: "spec", allowed: names, node: root, path: "")
        }
        for parameter in Registry.document.parameters {
            if let entry = entries.first(where: { $0.key.text == parameter.name }) {
                if let v = validator.validate(entry.value, as: parameter.type, path: parameter.name,
                                              key: entry.key.range, context: parameter.name) {
                    values[parameter.name] = v
                }
            } else if parameter.required && isTyped(parameter.name) {
                validator.report(Diagnostic(.missingKey, "the spec is missing required key '\(parameter.name)'" + validator.deletion(parameter.name),
                                            at: validator.deleted[parameter.name] ?? rootRange,
                                            help: "add '\(parameter.name):' (\(parameter.doc))"))
                validator.markInvalid(parameter.name)
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
        let stageValues = values["recipe"]?["stages"]?.list ?? []
        checkRecipe(stageValues, head: head)
        if let head { warnUnused(head: head, stageValues: stageValues) }
        guard !hasErrors, let head, let recipe = values["recipe"].flatMap(Recipe.init(specValue:)), values["action"] != nil,
              let name = values["name"]?.string, let version = values["polspec"]?.int else { return nil }
        let estimate = resourceEstimate(head: head)
        checkLimits(estimate)
        guard !hasErrors else { return nil }
        let ordered = encoderOrder.compactMap { encoders[$0] }
        let document = SpecValue.map([
            SpecField("polspec", .int(version)),
            SpecField("name", .string(name)),
            SpecField("description", values["description"] ?? .null),
            SpecField("observation", .map(observationOrder.compactMap { n in observations[n].map { SpecField(n, $0.config.specValue) } }
                + [SpecField("history", .int(history))])),
            SpecField("action", action.specValue),
            SpecField("encoders", .map(ordered.map { SpecField($0.name, $0.config.specValue) })),
            SpecField("head", head.config.specValue),
            SpecField("recipe", recipe.specValue),
        ]).droppingNulls
        return Spec(version: version, name: name, description: values["description"]?.string, history: history,
                    observations: observationOrder.compactMap { observations[$0] }, action: action,
                    encoders: ordered, head: head, recipe: recipe, stagePlans: stagePlans(recipe),
                    estimate: estimate, document: document, hashes: SpecHashes(document: document),
                    sourceMap: sourceMap, file: file)
    }

    private mutating func checkAction() {
        if isIntact("action.range"), action.range[0] >= action.range[1] {
            report(.rangeOrder, "action range must be [low, high] with low < high, found [\(JSONText.number(action.range[0])), \(JSONText.number(action.range[1]))]",
                   at: "action.range")
        }
        if isIntact("action.execute"), isIntact("action.chunk"), let execute = action.execute, execute > action.chunk {
            report(.inconsistentSizes, "action.execute (\(execute)) exceeds the chunk length (\(action.chunk))", at: "action.execute",
                   help: "execute at most the \(action.chunk) predicted steps")
        }
    }

    // MARK: Observations

    /// Runs each observation's rules; an observation whose parameters all typed gets its port.
    private mutating func checkObservations(_ section: SpecValue?) {
        for field in section?.fields ?? [] where field.name != "history" {
            guard let config = ObservationKind(specValue: field.value) else { continue }
            let path = "observation.\(field.name)"
            if field.name == "head" {
                report(.invalidName, "'head' is reserved for the action head; rename this observation", at: path)
                continue
            }
            runRules(config.component, path: path, context: context(name: field.name, inputs: [:]))
            guard isIntact(path) else { continue }
            let frames = config.component is TextObservation ? 1 : history
            observations[field.name] = Observation(name: field.name, config: config, port: Port(config.component.port, frames: frames))
            observationOrder.append(field.name)
        }
    }

    private func context(name: String, inputs: [String: [NamedPort]]) -> ComponentContext {
        ComponentContext(name: name, action: action, history: history, inputs: inputs,
                         observations: observations.mapValues(\.config))
    }

    private mutating func runRules<C: ObservationComponent>(_ component: C, path: String, context: ComponentContext) {
        apply(C.rules, to: component, path: path, context: context)
    }

    /// Runs every rule whose inputs are intact.
    private mutating func apply<C>(_ rules: [Rule<C>], to component: C, path: String, context: ComponentContext) {
        for rule in rules where rule.reads.allSatisfy({ isIntact(self.path(of: $0, in: path)) }) {
            for violation in rule.check(component, context) {
                report(rule.code, violation.message, at: SpecPath.join(path, violation.parameter), help: violation.help)
            }
        }
    }

    // MARK: Encoders

    private mutating func checkEncoders(_ section: SpecValue?) {
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
            encoderConfigs[field.name] = config
            encoderValues[field.name] = field.value
            order.append(field.name)
        }
        // Dependency order by depth-first search. A cycle is reported where it closes; its
        // members get no output port, so whatever reads them is left unchecked.
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ name: String) {
            if state[name] != nil { return }
            state[name] = 1
            stack.append(name)
            for (dependency, referencePath) in dependencies(of: name) {
                if state[dependency] == 1, let start = stack.firstIndex(of: dependency) {
                    let cycle = Array(stack[start...]) + [dependency]
                    report(.referenceCycle, "reference cycle: \(cycle.joined(separator: " → "))", at: referencePath,
                           help: "an encoder cannot read its own output, directly or through others")
                } else {
                    visit(dependency)
                }
            }
            stack.removeLast()
            state[name] = 2
            encoderOrder.append(name)
        }
        for name in order { visit(name) }
        for name in encoderOrder {
            if let config = encoderConfigs[name] { resolveEncoder(config.component, name: name) }
        }
    }

    /// The encoders `name` reads, with the path of each reference.
    private func dependencies(of name: String) -> [(name: String, path: String)] {
        guard let config = encoderConfigs[name], let value = encoderValues[name] else { return [] }
        return references(of: config.component, value: value, path: "encoders.\(name)")
            .flatMap { $0.names }
            .filter { encoderConfigs[$0.name] != nil }
    }

    private mutating func resolveEncoder<C: EncoderComponent>(_ component: C, name: String) {
        let path = "encoders.\(name)"
        let inputs = resolveInputs(component, value: encoderValues[name]!, owner: "'\(name)' (\(C.kind) encoder)", path: path)
        let ctx = context(name: name, inputs: inputs)
        apply(C.rules, to: component, path: path, context: ctx)
        guard C.outputReads.allSatisfy({ isIntact(SpecPath.join(path, $0)) }) else { return }
        encoders[name] = Encoder(name: name, config: EncoderKind(specValue: kindedSpecValue(component))!, inputs: inputs,
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

    /// Resolves every reference of a component to a port. Unknown names and ports of the
    /// wrong kind are reported; names of components that have no port because of their own
    /// errors are left unresolved silently. Only resolved ports are returned.
    private mutating func resolveInputs<C: PortComponent>(_ component: C, value: SpecValue, owner: String,
                                                          path: String) -> [String: [NamedPort]] {
        var result: [String: [NamedPort]] = [:]
        for (input, names) in references(of: component, value: value, path: path) {
            var ports: [NamedPort] = []
            for (name, referencePath) in names {
                guard let port = port(named: name, for: input, owner: owner, at: referencePath) else {
                    unresolved.insert(referencePath)
                    continue
                }
                if !input.accepts.contains(port.type.kind) {
                    report(.portMismatch, "\(owner) '\(input.parameter)' needs \(input.accepts.map(\.rawValue).joined(separator: " or ")), but '\(name)' is \(port)",
                           at: referencePath, help: portHelp(input.accepts, found: port.type.kind))
                    unresolved.insert(referencePath)
                    continue
                }
                ports.append(NamedPort(name: name, port: port))
            }
            result[input.parameter] = ports
        }
        return result
    }

    /// The port `name` refers to, or nil (reported when the name itself is wrong). A name
    /// that is both an observation and an encoder (reported where declared) is ambiguous.
    private mutating func port(named name: String, for input: PortInput, owner: String, at referencePath: String) -> Port? {
        if declaredObservations.contains(name) && declaredEncoders.contains(name) { return nil }
        if declaredObservations.contains(name) { return observations[name]?.port }
        if declaredEncoders.contains(name) {
            if input.observationOnly {
                report(.portMismatch, "\(owner) '\(input.parameter)' must name an observation, but '\(name)' is an encoder",
                       at: referencePath)
                return nil
            }
            return encoders[name]?.output
        }
        guard observationNamesKnown && (input.observationOnly || encoderNamesKnown) else { return nil }
        let candidates = input.observationOnly ? declaredObservations : declaredObservations.union(declaredEncoders)
        report(.unknownReference, "\(owner) '\(input.parameter)' refers to '\(name)', which is not \(input.observationOnly ? "an observation" : "an observation or encoder")",
               at: referencePath, help: Suggestion.help(for: name, among: Array(candidates))
                ?? (candidates.isEmpty ? nil : "known: \(candidates.sorted().joined(separator: ", "))"))
        return nil
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

    /// Checks the head's references and rules. The head is returned whenever its kind is
    /// known, for the objective checks; its inputs hold the ports that resolved.
    private mutating func resolveHead<C: HeadComponent>(_ component: C, value: SpecValue) -> Head {
        let inputs = resolveInputs(component, value: value, owner: "\(C.kind) head", path: "head")
        let ctx = context(name: "head", inputs: inputs)
        apply(C.rules, to: component, path: "head", context: ctx)
        if let process = component.sampling {
            apply(DiffusionProcess.rules, to: process, path: "head.diffusion", context: ctx)
        }
        return Head(config: HeadKind(specValue: kindedSpecValue(component))!, inputs: inputs)
    }

    // MARK: Recipe

    /// Checks each stage that typed as a mapping: unique names, the objective against the
    /// head or its pretraining target, the `train` list and the warmup.
    private mutating func checkRecipe(_ stageValues: [SpecValue], head: Head?) {
        var seen: [String: Int] = [:]
        for (i, value) in stageValues.enumerated() {
            guard let stage = Stage(specValue: value) else { continue }
            let path = "recipe.stages.\(i)"
            if isIntact("\(path).name") {
                if let first = seen[stage.name] {
                    validator.report(Diagnostic(.duplicateName, "two stages are named '\(stage.name)'", at: sourceMap.range("\(path).name"),
                                                notes: [DiagnosticNote("the first is here", at: sourceMap.range("recipe.stages.\(first).name"))]))
                } else {
                    seen[stage.name] = i
                }
            }
            var target: String?
            if isTyped("\(path).objective") {
                let objective = stage.objective.component
                let objectivePath = sourceMap.value("\(path).objective.kind") == nil ? "\(path).objective" : "\(path).objective.kind"
                if let kind = type(of: objective).encoderKind {
                    target = pretrainingTarget(of: objective, kind: kind, stagePath: path, objectivePath: objectivePath)
                } else if let head, isIntact("head.diffusion"), let problem = Self.mismatch(objective, head: head.config) {
                    report(.objectiveMismatch, "stage '\(stage.name)': \(problem)", at: objectivePath)
                }
            }
            if let train = stage.train, isIntact("\(path).train") {
                checkTrainList(train, stage: stage, path: path, objectiveTyped: isTyped("\(path).objective"), target: target)
            }
            if isIntact("\(path).schedule"), isIntact("\(path).steps"), stage.schedule.component.warmup >= stage.steps {
                report(.inconsistentSizes, "stage '\(stage.name)': warmup (\(stage.schedule.component.warmup)) must be shorter than the stage (\(stage.steps) steps)",
                       at: "\(path).schedule.warmup")
            }
        }
    }

    /// Why `objective` cannot train `head`, or nil when it can: the head's training family
    /// decides, and the message names the objectives that train it.
    static func mismatch(_ objective: any ObjectiveComponent, head: HeadKind) -> String? {
        let family: TrainingFamily = head.component.trainingFamily
        let objectiveType = type(of: objective)
        let trains: TrainingFamily? = objectiveType.trains
        guard let trains, trains != family, !head.component.auxiliaryFamilies.contains(trains) else { return nil }
        var fitting: [String] = []
        for candidate in Registry.objectiveTypes where candidate.trains == family { fitting.append(candidate.kind) }
        return "\(objectiveType.kind) trains \(trains.heads), but this \(head.kindName) head is one of the \(family.heads); "
            + "train it with \(fitting.joined(separator: " or "))"
    }

    /// What each stage trains, with the defaults resolved (for a spec without errors).
    private func stagePlans(_ recipe: Recipe) -> [StagePlan] {
        recipe.stages.map { stage in
            let objective = stage.objective.component
            let target = type(of: objective).encoderKind.flatMap { kind in
                objective.encoder ?? encoderOrder.first { encoderConfigs[$0]?.kindName == kind }
            }
            return StagePlan(trains: stage.train ?? target.map { [$0] } ?? encoderOrder + ["head"], target: target)
        }
    }

    /// The encoder a pretraining objective trains, or nil (reported when the spec is wrong
    /// about it, silent when the encoders it could mean have errors of their own).
    private mutating func pretrainingTarget(of objective: any ObjectiveComponent, kind: String, stagePath: String,
                                            objectivePath: String) -> String? {
        let objectiveKind = type(of: objective).kind
        let candidates = encoderOrder.filter { encoderConfigs[$0]?.kindName == kind }
        let namePath = "\(stagePath).objective.encoder"
        guard isIntact(namePath) else { return nil }
        if let named = objective.encoder {
            if let config = encoderConfigs[named] {
                guard config.kindName == kind else {
                    report(.objectiveTarget, "\(objectiveKind) pretrains a \(kind) encoder, but '\(named)' is a \(config.kindName) encoder",
                           at: namePath, help: candidates.isEmpty ? nil : "use \(candidates.joined(separator: " or "))")
                    return nil
                }
                return named
            }
            if !declaredEncoders.contains(named) && encoderNamesKnown {
                report(.unknownReference, "\(objectiveKind) objective refers to '\(named)', which is not an encoder", at: namePath,
                       help: Suggestion.help(for: named, among: Array(declaredEncoders)))
            }
            return nil
        }
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty {
            let someEncoderFailed = declaredEncoders.contains { encoderConfigs[$0] == nil }
            if !someEncoderFailed && encoderNamesKnown {
                report(.objectiveTarget, "objective \(objectiveKind) pretrains a \(kind) encoder, but the spec has none", at: objectivePath)
            }
        } else {
            report(.objectiveTarget, "objective \(objectiveKind) could pretrain \(candidates.joined(separator: " or ")); name one with encoder:",
                   at: objectivePath)
        }
        return nil
    }

    /// Checks the names of a `train` list and, when the objective typed, that the list
    /// trains what the objective optimises.
    private mutating func checkTrainList(_ train: [String], stage: Stage, path: String, objectiveTyped: Bool, target: String?) {
        for (j, name) in train.enumerated() {
            let itemPath = "\(path).train.\(j)"
            if name == "head" || declaredEncoders.contains(name) { continue }
            if declaredObservations.contains(name) {
                report(.notTrainable, "stage '\(stage.name)' trains '\(name)', an observation: it has no parameters", at: itemPath,
                       help: "list encoders or head")
            } else if encoderNamesKnown && observationNamesKnown {
                report(.unknownReference, "stage '\(stage.name)' trains '\(name)', which is not an encoder or the head", at: itemPath,
                       help: Suggestion.help(for: name, among: Array(declaredEncoders) + ["head"]))
            }
        }
        guard objectiveTyped else { return }
        if type(of: stage.objective.component).encoderKind != nil {
            if let target, !train.contains(target) {
                report(.objectiveTarget, "stage '\(stage.name)' pretrains '\(target)' but its train list leaves it out", at: "\(path).train",
                       help: "add \(target) to train, or drop train to default to it")
            }
        } else if !train.contains("head") {
            report(.headNotTrained, "stage '\(stage.name)' optimises the head's objective but does not train the head", at: "\(path).train",
                   help: "add head to train unless the head is meant to stay frozen")
        }
    }

    // MARK: Unused ports

    /// Warns about observations and encoders nothing reads. Skipped when a reference or a
    /// component has an error: a misspelt reference would make its target look unused.
    private mutating func warnUnused(head: Head, stageValues: [SpecValue]) {
        let headReferences = type(of: head.config.component).inputs.map { "head.\($0.parameter)" }
        let encoderReferences = encoderConfigs.flatMap { name, config in
            type(of: config.component).inputs.map { "encoders.\(name).\($0.parameter)" }
        }
        guard unresolved.isEmpty, declaredEncoders.allSatisfy({ encoderConfigs[$0] != nil }),
              (headReferences + encoderReferences).allSatisfy(isIntact) else { return }
        var used = Set<String>()
        var pending = head.inputs.values.flatMap { $0.map(\.name) }
        for stage in stageValues.compactMap(Stage.init(specValue:)) {
            let objective = stage.objective.component
            if let encoder = objective.encoder { pending.append(encoder) }
            if let kind = type(of: objective).encoderKind, objective.encoder == nil {
                pending += encoderOrder.filter { encoderConfigs[$0]?.kindName == kind }
            }
        }
        while let name = pending.popLast() {
            guard used.insert(name).inserted else { continue }
            if let config = encoderConfigs[name], let value = encoderValues[name] {
                pending += references(of: config.component, value: value, path: "").flatMap { $0.names.map(\.name) }
            }
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

    // MARK: Resources

    /// Parameters, FLOPs and activations of every encoder, in dependency order, then of
    /// the head.
    private func resourceEstimate(head: Head) -> ResourceEstimate {
        var components: [ComponentEstimate] = []
        for name in encoderOrder {
            guard let encoder = encoders[name] else { continue }
            let component = encoder.config.component
            components.append(ComponentEstimate(name: name, kind: "encoder \(type(of: component).kind)",
                                                cost: component.cost(context(name: name, inputs: encoder.inputs)),
                                                outputElements: encoder.output.elementCount))
        }
        let component = head.config.component
        components.append(ComponentEstimate(name: "head", kind: "head \(type(of: component).kind)",
                                            cost: component.cost(context(name: "head", inputs: head.inputs)),
                                            outputElements: Cost.mul(action.chunk, action.dim)))
        let inputs = observationOrder.compactMap { observations[$0]?.port.elementCount }.reduce(0, Cost.add)
        return ResourceEstimate(components: components, inputElements: inputs)
    }

    private mutating func checkLimits(_ estimate: ResourceEstimate) {
        let total = estimate.total
        checkLimit(.tooManyParameters, estimate, \.cost.parameters, total.parameters, limits.maxParameters,
                   what: "the spec has %@ parameters", show: Quantity.count, option: "--max-params",
                   advice: "shrink the largest component")
        checkLimit(.tooManyFlops, estimate, \.cost.flops, total.flops, limits.maxFlopsPerCall,
                   what: "one policy call costs %@", show: { Quantity.count($0) + "FLOPs" }, option: "--max-flops",
                   advice: "use fewer sampling steps or smaller components")
        checkLimit(.tooManyActivations, estimate, \.activationBytes, estimate.peakActivationBytes, limits.maxActivationBytes,
                   what: "one policy call needs %@ of activations", show: Quantity.bytes, option: "--max-activation-bytes",
                   advice: "use fewer tokens, attention heads or history frames")
    }

    /// Reports `code` at the largest component when `value` exceeds `limit`.
    private mutating func checkLimit(_ code: DiagnosticCode, _ estimate: ResourceEstimate, _ measure: KeyPath<ComponentEstimate, Int>,
                                     _ value: Int, _ limit: Int, what: String, show: (Int) -> String, option: String, advice: String) {
        guard value > limit else { return }
        let largest = estimate.components.max { $0[keyPath: measure] < $1[keyPath: measure] }
        let place = largest.map { $0.name == "head" ? "head" : "encoders.\($0.name)" } ?? "name"
        let message = what.replacingOccurrences(of: "%@", with: show(value))
            + ", over the limit of \(show(limit))"
            + (largest.map { " (largest: \($0.name), \(show($0[keyPath: measure])))" } ?? "")
        validator.report(Diagnostic(code, message, at: sourceMap.key(place), help: "\(advice), or raise the limit with \(option)"))
    }
}
