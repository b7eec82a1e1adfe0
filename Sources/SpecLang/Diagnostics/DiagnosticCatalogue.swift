import Foundation

/// Documentation and examples of every diagnostic code (rendered into docs/diagnostics.md and
/// `polspec explain CODE`; a test checks that each bad example produces its code and the fixed
/// one does not). Examples are raw strings: `\xHH` stands for a raw byte.
enum DiagnosticCatalogue {
    // Complete specs the examples edit; docs/diagnostics.md shows each example in full.
    static let tiny = #"""
        polspec: 1
        name: tiny
        observation:
          state: {kind: vector, dim: 9}
        action: {dim: 4, chunk: 1}
        head: {kind: mlp, condition: [state]}
        recipe:
          stages:
            - {name: bc, objective: bc, steps: 100}

        """#

    static let vision = #"""
        polspec: 1
        name: tiny
        observation:
          state: {kind: vector, dim: 9}
          agentview: {kind: image, shape: [3, 32, 32]}
        action: {dim: 4, chunk: 1}
        encoders:
          vision: {kind: cnn, input: agentview, output: vector}
        head: {kind: mlp, condition: [vision, state]}
        recipe:
          stages:
            - {name: bc, objective: bc, steps: 100}

        """#

    static let dit = #"""
        polspec: 1
        name: tiny
        observation:
          state: {kind: vector, dim: 9}
        action: {dim: 4, chunk: 8}
        head:
          kind: dit
          condition: [state]
          diffusion: {train_steps: 100, sample_steps: 10}
        recipe:
          stages:
            - {name: denoise, objective: diffusion, steps: 100}

        """#

    static let keypoints = #"""
        polspec: 1
        name: tiny
        observation:
          joints2d:
            kind: keypoints
            count: 2
            camera:
              intrinsics: [[60, 0, 32], [0, 60, 32], [0, 0, 1]]
              extrinsics: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1.5], [0, 0, 0, 1]]
          joint_pos: {kind: vector, dim: 6, normalize: false}
        action: {dim: 4, chunk: 1}
        encoders:
          rays: {kind: pixel_as_ray, input: joints2d, joints: joint_pos}
        head: {kind: mlp, condition: [rays]}
        recipe:
          stages:
            - {name: bc, objective: bc, steps: 100}

        """#

    static let tokens = #"""
        polspec: 1
        name: tiny
        observation:
          features: {kind: tokens, count: 1024, dim: 64}
        action: {dim: 4, chunk: 1}
        encoders:
          backbone: {kind: transformer, input: features, dim: 64, depth: 1, heads: 8}
        head: {kind: mlp, condition: [backbone]}
        recipe:
          stages:
            - {name: bc, objective: bc, steps: 100}

        """#

    static let entries: [DiagnosticDocumentation] = [
        DiagnosticDocumentation(
            code: .invalidUTF8, title: "file is not UTF-8",
            explanation: "A spec must be UTF-8 text. The position of the first byte that is not valid UTF-8 is reported.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"name: tiny"#,
                 #"name: tiny  # caf\xE9"#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"name: tiny"#,
                 #"name: tiny  # café"#))
        ),
        DiagnosticDocumentation(
            code: .controlCharacter, title: "control character (binary data)",
            explanation: "Control characters other than tab, newline and carriage return do not belong in a spec; usually the file is binary or corrupted.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"name: tiny"#,
                 #"name: tiny\x00"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .tabIndentation, title: "tab in indentation",
            explanation: "Indent specs with spaces. YAML forbids tabs in block indentation, and polspec rejects them in any line's leading whitespace so indentation always means what it shows.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"\#tstate: {kind: vector, dim: 9}"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .fileTooLarge, title: "file too large",
            explanation: "Spec files are bounded in size (1 MiB by default, `--max-file-bytes`) so hostile or mistaken input cannot exhaust memory. Specs are a few kilobytes; data belongs elsewhere.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"name: tiny"#,
                 #"""
                name: tiny
                description: a long text a long text a long text a long text a long text a long text a long text a long text a long text a long text a long text a long text 
                """#), maxFileBytes: 300),
            fixed: DiagnosticExample(spec: Self.tiny, maxFileBytes: 300)
        ),
        DiagnosticDocumentation(
            code: .yamlSyntax, title: "YAML syntax error",
            explanation: "libyaml could not parse the file; the message says what it expected, and a note points at the construct it was reading.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"  state: {kind: vector, dim: 9"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .multipleDocuments, title: "more than one YAML document",
            explanation: "A spec is a single YAML document. A `---` line starts a second one.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"    - {name: bc, objective: bc, steps: 100}"#,
                 #"""
                    - {name: bc, objective: bc, steps: 100}
                ---
                name: other
                """#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .duplicateKey, title: "duplicate key",
            explanation: "A key appears twice in one mapping. YAML parsers disagree on which one wins, so polspec refuses both.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"name: tiny"#,
                 #"""
                name: tiny
                name: small
                """#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .nestingTooDeep, title: "nesting too deep",
            explanation: "Mappings and lists nest at most 64 levels (libyaml stops at 1000); deeper input is rejected before it can exhaust the stack.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"name: tiny"#,
                 #"""
                name: tiny
                description: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
                """#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .aliasExpansion, title: "aliases expand too far",
            explanation: "YAML aliases (`*name`) copy the anchored node. Nested aliases grow exponentially (\"billion laughs\"); polspec stops after 10,000 copied nodes.",
            bad: DiagnosticExample(spec: #"""
            polspec: 1
            name: tiny
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]

            """#),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .undefinedAlias, title: "undefined alias",
            explanation: "An alias `*name` needs an anchor `&name` earlier in the file.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"head: *mlp_head"#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"head: &mlp_head {kind: mlp, condition: [state]}"#))
        ),
        DiagnosticDocumentation(
            code: .notAMapping, title: "spec is not a mapping",
            explanation: "The top level of a spec is a mapping of keys (`polspec`, `name`, ...). An empty file or a top-level list is not a spec.",
            bad: DiagnosticExample(spec: #"""
            - polspec: 1
            - name: tiny

            """#),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .unsupportedYAML, title: "unsupported YAML feature",
            explanation: "Tags (`!!int`, `!foo`), non-scalar mapping keys and malformed `<<` merges are not supported: the schema, not YAML tags, decides every value's type.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"  state: {kind: vector, dim: !!int 9}"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .unformattable, title: "file cannot be formatted",
            explanation: """
                Reported by `polspec fmt`, which then leaves the file as it is: rewriting it could change \
                what it means. Anchors, aliases and merge keys share values between places that moving \
                keys would separate; a plain value that spans lines with a blank line inside cannot be \
                written on one line, nor can an empty key (`? `) be written at all. `polspec check` \
                reads such files.
                """,
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"  state: &vector {kind: vector, dim: 9}"# + "\n" + #"  other: *vector"#), formats: true),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"  state: {kind: vector, dim: 9}"# + "\n" + #"  other: {kind: vector, dim: 9}"#), formats: true)
        ),
        DiagnosticDocumentation(
            code: .unknownKey, title: "unknown key",
            explanation: "The key is not a parameter of the block or component kind. The message suggests the closest parameter name.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"head: {kind: mlp, condition: [state], hiden: [128]}"#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"head: {kind: mlp, condition: [state], hidden: [128]}"#))
        ),
        DiagnosticDocumentation(
            code: .missingKey, title: "missing required key",
            explanation: "A required parameter of the component kind (or of the spec) is not given. The message names the key and the kind.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"  state: {kind: vector}"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .wrongType, title: "wrong type",
            explanation: "The value has the wrong type for the parameter. Scalars are typed by the schema: `no` is a string in a string field and an error in a boolean field; a quoted \"9\" is a string, not a number.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"  state: {kind: vector, dim: nine}"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .outOfRange, title: "value out of range",
            explanation: "The number is outside the parameter's allowed range, shown in the message.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"  state: {kind: vector, dim: 0}"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .notAllowedValue, title: "value not allowed",
            explanation: "The parameter takes one of a fixed set of words; the message lists them and suggests the closest.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"head: {kind: mlp, condition: [state], activation: gelo}"#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"head: {kind: mlp, condition: [state], activation: gelu}"#))
        ),
        DiagnosticDocumentation(
            code: .unknownKind, title: "unknown kind",
            explanation: "`kind` names no component of this family (observation, encoder, head, objective, optimizer or schedule). `polspec explain KIND` lists each kind.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"  state: {kind: vectr, dim: 9}"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .wrongLength, title: "wrong number of items",
            explanation: "The list has too few or too many items, e.g. an image `shape` is exactly [channels, height, width].",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"""
                  state: {kind: vector, dim: 9}
                  agentview: {kind: image, shape: [64, 64]}
                """#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"""
                action: {dim: 4, chunk: 1}
                head: {kind: mlp, condition: [state]}
                """#,
                 #"""
                  agentview: {kind: image, shape: [3, 64, 64]}
                action: {dim: 4, chunk: 1}
                encoders:
                  vision: {kind: cnn, input: agentview, output: vector}
                head: {kind: mlp, condition: [state, vision]}
                """#))
        ),
        DiagnosticDocumentation(
            code: .unsupportedVersion, title: "unsupported language version",
            explanation: "`polspec:` gives the spec language version. This polspec reads version 1.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"polspec: 1"#,
                 #"polspec: 2"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .invalidName, title: "invalid name",
            explanation: "Spec, observation, encoder and stage names start with a lowercase letter and use lowercase letters, digits, `_` and `-` (at most 64). `head` is reserved.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"name: tiny"#,
                 #"name: Tiny Spec"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .duplicateName, title: "name used twice",
            explanation: "Observations and encoders share one namespace (both are ports), and stage names are unique within the recipe.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"action: {dim: 4, chunk: 1}"#,
                 #"""
                action: {dim: 4, chunk: 1}
                encoders:
                  state: {kind: mlp, input: state}
                """#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"""
                encoders:
                  trunk: {kind: mlp, input: state}
                head: {kind: mlp, condition: [trunk]}
                """#))
        ),
        DiagnosticDocumentation(
            code: .unknownReference, title: "unknown reference",
            explanation: "A name in `input`, `condition`, `predict`, `joints`, `train` or an objective's `encoder` does not name an existing port or component. The message suggests the closest name.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"head: {kind: mlp, condition: [stat]}"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .referenceCycle, title: "reference cycle",
            explanation: "Encoders read each other in a loop, so no order can compute them.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"""
                encoders:
                  a: {kind: mlp, input: b}
                  b: {kind: mlp, input: a}
                head: {kind: mlp, condition: [a, state]}
                """#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"""
                encoders:
                  a: {kind: mlp, input: state}
                  b: {kind: mlp, input: a}
                head: {kind: mlp, condition: [b]}
                """#))
        ),
        DiagnosticDocumentation(
            code: .portMismatch, title: "port type does not fit",
            explanation: "A reference names a port of the wrong kind: an image encoder needs an image port, an MLP needs vectors or tokens, `predict` must name an image observation, and so on. The help says which encoder converts the port.",
            bad: DiagnosticExample(spec: edit(Self.vision, #"""
                encoders:
                  vision: {kind: cnn, input: agentview, output: vector}
                head: {kind: mlp, condition: [vision, state]}
                """#,
                 #"head: {kind: mlp, condition: [state, agentview]}"#)),
            fixed: DiagnosticExample(spec: Self.vision)
        ),
        DiagnosticDocumentation(
            code: .notTrainable, title: "not trainable",
            explanation: "A stage's `train` list names an observation; only encoders and `head` have parameters.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"    - {name: bc, objective: bc, steps: 100}"#,
                 #"    - {name: bc, objective: bc, steps: 100, train: [head, state]}"#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"    - {name: bc, objective: bc, steps: 100}"#,
                 #"    - {name: bc, objective: bc, steps: 100, train: [head]}"#))
        ),
        DiagnosticDocumentation(
            code: .unusedPort, title: "unused observation or encoder (warning)",
            explanation: "An observation or encoder feeds nothing the head reads (directly, through encoders, or as a pretraining target). It costs memory and compute for nothing.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"  state: {kind: vector, dim: 9}"#,
                 #"""
                  state: {kind: vector, dim: 9}
                  gripper: {kind: vector, dim: 2}
                """#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"""
                action: {dim: 4, chunk: 1}
                head: {kind: mlp, condition: [state]}
                """#,
                 #"""
                  gripper: {kind: vector, dim: 2}
                action: {dim: 4, chunk: 1}
                head: {kind: mlp, condition: [state, gripper]}
                """#))
        ),
        DiagnosticDocumentation(
            code: .doesNotDivide, title: "size does not divide",
            explanation: "A size must divide another: attention `heads` divides `dim`, a `patch` divides the image height and width, ...",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"""
                encoders:
                  seq: {kind: transformer, input: state, dim: 128, heads: 3}
                head: {kind: mlp, condition: [seq]}
                """#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"""
                encoders:
                  seq: {kind: transformer, input: state, dim: 128, heads: 4}
                head: {kind: mlp, condition: [seq]}
                """#))
        ),
        DiagnosticDocumentation(
            code: .objectiveMismatch, title: "objective does not fit the head",
            explanation: "Each head, as configured, exposes one model step (its training family), and each head objective trains one family: "
                + Registry.objectiveTypes.compactMap { o in o.trains.map { "`\(o.kind)` trains \($0.heads)" } }.joined(separator: "; ")
                + ". A diffusion block makes a head a denoising head, a flow block a flow head.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"    - {name: bc, objective: bc, steps: 100}"#,
                 #"    - {name: bc, objective: diffusion, steps: 100}"#)),
            fixed: DiagnosticExample(spec: Self.tiny)
        ),
        DiagnosticDocumentation(
            code: .samplerSteps, title: "sampler steps inconsistent",
            explanation: "`sample_steps` cannot exceed `train_steps`, and the ddpm sampler runs every training step.",
            bad: DiagnosticExample(spec: edit(Self.dit, #"  diffusion: {train_steps: 100, sample_steps: 10}"#,
                 #"  diffusion: {train_steps: 100, sample_steps: 200}"#)),
            fixed: DiagnosticExample(spec: Self.dit)
        ),
        DiagnosticDocumentation(
            code: .rangeOrder, title: "range in the wrong order",
            explanation: "A `[low, high]` pair is reversed (action range, JEPA scales, EMA schedule, ...), or an annealing pair rises where it must fall.",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"action: {dim: 4, chunk: 1}"#,
                 #"action: {dim: 4, chunk: 1, range: [1, -1]}"#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"action: {dim: 4, chunk: 1}"#,
                 #"action: {dim: 4, chunk: 1, range: [-1, 1]}"#))
        ),
        DiagnosticDocumentation(
            code: .invalidCamera, title: "invalid camera matrices",
            explanation: "Explicit keypoint cameras need pinhole intrinsics with positive focal lengths and extrinsics whose rotation part is orthonormal with determinant +1 and whose last row is [0, 0, 0, 1].",
            bad: DiagnosticExample(spec: edit(Self.keypoints, #"      intrinsics: [[60, 0, 32], [0, 60, 32], [0, 0, 1]]"#,
                 #"      intrinsics: [[0, 0, 32], [0, 60, 32], [0, 0, 1]]"#)),
            fixed: DiagnosticExample(spec: Self.keypoints)
        ),
        DiagnosticDocumentation(
            code: .objectiveTarget, title: "pretraining target missing or ambiguous",
            explanation: "`jepa` and `time_contrastive` pretrain an encoder of their kind: the spec needs exactly one, or the objective's `encoder:` names it, and a `train` list must include it.",
            bad: DiagnosticExample(spec: edit(Self.vision, #"  stages:"#,
                 #"""
                  stages:
                    - {name: pre, objective: jepa, steps: 100}
                """#)),
            fixed: DiagnosticExample(spec: #"""
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
              agentview: {kind: image, shape: [3, 32, 32]}
            action: {dim: 4, chunk: 1}
            encoders:
              vision: {kind: jepa, input: agentview, patch: 8, dim: 32, heads: 4, output: vector}
            head: {kind: mlp, condition: [vision, state]}
            recipe:
              stages:
                - {name: pre, objective: jepa, steps: 100}
                - {name: bc, objective: bc, steps: 100}

            """#)
        ),
        DiagnosticDocumentation(
            code: .inconsistentSizes, title: "inconsistent sizes",
            explanation: "Parameters of a component disagree with each other or with the action: more executed steps than the chunk, zero-padding actions wider than the model, decoding rounds beyond the action tokens, warmup longer than the stage, ...",
            bad: DiagnosticExample(spec: edit(Self.tiny, #"action: {dim: 4, chunk: 1}"#,
                 #"action: {dim: 4, chunk: 4, execute: 8}"#)),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"action: {dim: 4, chunk: 1}"#,
                 #"action: {dim: 4, chunk: 4, execute: 4}"#))
        ),
        DiagnosticDocumentation(
            code: .exclusiveKeys, title: "keys that exclude each other",
            explanation: "A component has two keys of which it takes one: a head has a `diffusion:` block (trained by `diffusion`) or a `flow:` block (trained by `flow_matching`), not both.",
            bad: DiagnosticExample(spec: edit(Self.dit, #"  diffusion: {train_steps: 100, sample_steps: 10}"#,
                 #"  diffusion: {train_steps: 100, sample_steps: 10}\#n  flow: {steps: 10}"#)),
            fixed: DiagnosticExample(spec: Self.dit)
        ),
        DiagnosticDocumentation(
            code: .headNotTrained, title: "head objective without the head (warning)",
            explanation: "The stage optimises a head objective but its `train` list leaves the head out, so the head stays at its initialisation unless an earlier stage trained it.",
            bad: DiagnosticExample(spec: #"""
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
            action: {dim: 4, chunk: 1}
            encoders:
              trunk: {kind: mlp, input: state}
            head: {kind: mlp, condition: [trunk]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100, train: [trunk]}

            """#),
            fixed: DiagnosticExample(spec: #"""
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
            action: {dim: 4, chunk: 1}
            encoders:
              trunk: {kind: mlp, input: state}
            head: {kind: mlp, condition: [trunk]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100, train: [trunk, head]}

            """#)
        ),
        DiagnosticDocumentation(
            code: .tooManyParameters, title: "too many parameters",
            explanation: "The estimated parameter count exceeds `--max-params` (default 200M). The message names the largest component.",
            bad: DiagnosticExample(spec: Self.tiny, maxParams: 1000),
            fixed: DiagnosticExample(spec: edit(Self.tiny, #"head: {kind: mlp, condition: [state]}"#,
                 #"head: {kind: mlp, condition: [state], hidden: [16]}"#), maxParams: 1000)
        ),
        DiagnosticDocumentation(
            code: .tooManyFlops, title: "too many FLOPs per call",
            explanation: "The estimated FLOPs of one policy call exceed `--max-flops` (default 1T). Diffusion heads multiply their cost by `sample_steps`.",
            bad: DiagnosticExample(spec: Self.dit, maxFlops: 10000000),
            fixed: DiagnosticExample(spec: edit(Self.dit, #"  kind: dit"#,
                 #"""
                  kind: dit
                  dim: 32
                  depth: 1
                """#), maxFlops: 10000000)
        ),
        DiagnosticDocumentation(
            code: .tooManyActivations, title: "too much activation memory per call",
            explanation: """
                The estimated peak activation memory of one policy call (f32, batch 1) exceeds \
                `--max-activation-bytes` (default 4 GiB). The message names the component with the \
                largest own peak. Attention scores grow with the square of the token count, times the heads.
                """,
            bad: DiagnosticExample(spec: Self.tokens, maxActivationBytes: 16 << 20),
            fixed: DiagnosticExample(spec: edit(Self.tokens, #"depth: 1, heads: 8}"#, #"depth: 1, heads: 2}"#),
                                     maxActivationBytes: 16 << 20)
        ),
        DiagnosticDocumentation(
            code: .includeNotFound, title: "included file not found",
            explanation: "An `include:` path names no file (paths are relative to the including file).",
            bad: DiagnosticExample(spec: #"""
            include: [bases/obs.yaml]
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
            action: {dim: 4, chunk: 1}
            head: {kind: mlp, condition: [state]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}

            """#),
            fixed: DiagnosticExample(spec: #"""
            include: [bases/obs.yaml]
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
            action: {dim: 4, chunk: 1}
            head: {kind: mlp, condition: [state]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}

            """#, files: [(path: "bases/obs.yaml", text: #"""
            observation:
              state: {kind: vector, dim: 9}

            """#)])
        ),
        DiagnosticDocumentation(
            code: .includeOutsideTree, title: "include outside the spec's directory",
            explanation: "Includes stay inside the directory tree of the top-level spec (after resolving symlinks), so a spec cannot read arbitrary files.",
            bad: DiagnosticExample(spec: #"""
            include: [../obs.yaml]
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
            action: {dim: 4, chunk: 1}
            head: {kind: mlp, condition: [state]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}

            """#),
            fixed: DiagnosticExample(spec: #"""
            include: [obs.yaml]
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
            action: {dim: 4, chunk: 1}
            head: {kind: mlp, condition: [state]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}

            """#, files: [(path: "obs.yaml", text: #"""
            observation:
              state: {kind: vector, dim: 9}

            """#)])
        ),
        DiagnosticDocumentation(
            code: .includeCycle, title: "include cycle",
            explanation: "Files include each other in a loop (or more than 64 files are included).",
            bad: DiagnosticExample(spec: #"""
            include: [base.yaml]
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
            action: {dim: 4, chunk: 1}
            head: {kind: mlp, condition: [state]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}

            """#, files: [(path: "base.yaml", text: #"""
            include: [spec.yaml]
            action: {dim: 4}

            """#)]),
            fixed: DiagnosticExample(spec: #"""
            include: [base.yaml]
            polspec: 1
            name: tiny
            observation:
              state: {kind: vector, dim: 9}
            action: {dim: 4, chunk: 1}
            head: {kind: mlp, condition: [state]}
            recipe:
              stages:
                - {name: bc, objective: bc, steps: 100}

            """#, files: [(path: "base.yaml", text: #"""
            action: {dim: 4}

            """#)])
        ),
        DiagnosticDocumentation(
            code: .badOverride, title: "bad --set override",
            explanation: "A `--set key.path=value` argument is malformed or its path cannot be set: a list index out of range, or a key inside a value that is not a mapping.",
            bad: DiagnosticExample(spec: Self.tiny, overrides: ["recipe.stages.3.steps=50"]),
            fixed: DiagnosticExample(spec: Self.tiny, overrides: ["recipe.stages.bc.steps=50"])
        ),
        DiagnosticDocumentation(
            code: .unknownListEntry, title: "included list entry not found",
            explanation: "An including file writes a mapping where its base has a list, to change entries of the list by name (`stages: {imitation: {steps: 100}}`) or by index, and one of its keys names no entry. Names are the entries' `name` values; an index counts from 0. The check stops after reading: the change it meant is not applied.",
            bad: DiagnosticExample(spec: #"""
            include: [base.yaml]
            name: short
            recipe:
              stages:
                imitaton: {steps: 100}

            """#, files: [(path: "base.yaml", text: Self.tiny.replacingOccurrences(of: "name: bc", with: "name: imitation"))]),
            fixed: DiagnosticExample(spec: #"""
            include: [base.yaml]
            name: short
            recipe:
              stages:
                imitation: {steps: 100}

            """#, files: [(path: "base.yaml", text: Self.tiny.replacingOccurrences(of: "name: bc", with: "name: imitation"))])
        ),
        DiagnosticDocumentation(
            code: .noSuite, title: "no built-in suite provides the observations",
            explanation: "A note of `polspec check`, not an error: the spec is valid and builds, but no built-in suite provides every observation it reads with the name, kind and shape it declares (`polspec bench` feeds a spec the suite's observation field of the same name, docs/bench.md), so `polspec train --suite` and `bench` cannot run it. Train it on a dataset that has those observations (`polspec train --data`), or rename and reshape its observations to a suite's fields. The summary line of a spec that fits names the suites it benches on.",
            bad: DiagnosticExample(spec: Self.tokens),
            fixed: DiagnosticExample(spec: Self.tiny.replacingOccurrences(of: "dim: 9", with: "dim: 39"))
        ),
    ]
}

/// `base` with the first occurrence of `old` replaced by `new` (`old` is unique in the bases).
private func edit(_ base: String, _ old: String, _ new: String) -> String {
    guard let range = base.range(of: old) else { return base }
    return base.replacingCharacters(in: range, with: new)
}
