import SpecLang

/// The spec `polspec bench` trains and evaluates when it is given no policy, spec or
/// checkpoint, one per suite, with a quick budget (tasks, demos, steps, episodes) that
/// finishes in minutes on two cores. docs/training.md lists them.
public struct DefaultSpec: Sendable, Equatable {
    /// The suite it is made for.
    public let suite: String
    /// The spec's text.
    public let yaml: String
    /// The quick budget: the task set, demos per task and evaluation episodes per task.
    public let tasks: String
    public let demos: Int
    public let episodes: Int

    /// The default of every suite that has one.
    public static let all: [DefaultSpec] = [libero, calvin, metaworld]
    /// Every built-in default, the second defaults included (docs/training.md shows them all).
    public static let documented: [DefaultSpec] = all + [liberoState]

    /// The default spec of the suite called `suite`, if it has one.
    public static func forSuite(_ suite: String) -> DefaultSpec? { all.first { $0.suite == suite } }

    /// The name it is checked under in messages (`<default spec of metaworld-like>`).
    public var path: String { "<default spec of \(suite)>" }

    /// The checked spec.
    public func check() -> CheckResult { SpecChecker.check(text: yaml, path: path) }

    static let metaworld = DefaultSpec(suite: "metaworld-like", yaml: """
        polspec: 1
        name: default-metaworld-bc
        description: MLP behaviour cloning on the Meta-World state and the task one-hot (polspec bench's default).
        observation:
          state: {kind: vector, dim: 39}
          task_id: {kind: vector, dim: 10}
        action: {dim: 4, chunk: 1}
        encoders:
          trunk: {kind: mlp, input: state, hidden: [256, 256], activation: gelu}
        head: {kind: mlp, condition: [trunk, task_id], hidden: [256]}
        recipe:
          seed: 0
          stages:
            - name: imitation
              objective: bc
              steps: 5000
              batch: 256
              optimizer: {kind: adamw, lr: 1.0e-3, weight_decay: 1.0e-4}
              schedule: {kind: cosine, warmup: 100}
        """, tasks: "mt10", demos: 50, episodes: 50)

    /// libero-like's default: the vision track (both cameras, proprioception and the instruction).
    static let libero = DefaultSpec(suite: "libero-like", yaml: """
        polspec: 1
        name: default-libero-vision-bc
        description: Behaviour cloning of 8-step action chunks (4 executed per call) from both 64x64 cameras, proprioception and the instruction (polspec bench's default for libero-like, the vision track).
        observation:
          agentview: {kind: image, shape: [3, 64, 64]}
          wrist: {kind: image, shape: [3, 64, 64]}
          proprio: {kind: vector, dim: 8}
          instruction: {kind: text, max_tokens: 16}
        action: {dim: 7, chunk: 8, execute: 4}
        encoders:
          front: {kind: cnn, input: agentview, channels: [16, 32, 64], kernel: 7, stride: 4, output: vector}
          hand: {kind: cnn, input: wrist, channels: [16, 32, 64], kernel: 7, stride: 4, output: vector}
          words: {kind: text_embedding, input: instruction, dim: 64}
        head: {kind: mlp, condition: [front, hand, proprio, words], hidden: [256, 256]}
        recipe:
          seed: 0
          stages:
            - name: imitation
              objective: bc
              steps: 4000
              batch: 64
              optimizer: {kind: adamw, lr: 1.0e-3, weight_decay: 1.0e-4}
              schedule: {kind: cosine, warmup: 100}
        """, tasks: "all", demos: 20, episodes: 50)

    /// libero-like's second default, the state track: the keypoints instead of the cameras
    /// (`specs/default-libero-state-bc.yaml` holds the same text).
    public static let liberoState = DefaultSpec(suite: "libero-like", yaml: """
        polspec: 1
        name: default-libero-state-bc
        description: MLP behaviour cloning of 8-step action chunks (4 executed per call) on proprioception, the scene keypoints and the instruction (libero-like's second default, the state track).
        observation:
          proprio: {kind: vector, dim: 8}
          keypoints: {kind: vector, dim: 24}
          instruction: {kind: text, max_tokens: 16}
        action: {dim: 7, chunk: 8, execute: 4}
        encoders:
          words: {kind: text_embedding, input: instruction, dim: 64}
        head: {kind: mlp, condition: [proprio, keypoints, words], hidden: [512, 512]}
        recipe:
          seed: 0
          stages:
            - name: imitation
              objective: bc
              steps: 12000
              batch: 256
              optimizer: {kind: adamw, lr: 1.0e-3, weight_decay: 1.0e-4}
              schedule: {kind: cosine, warmup: 100}
        """, tasks: "all", demos: 50, episodes: 50)

    static let calvin = DefaultSpec(suite: "calvin-like", yaml: """
        polspec: 1
        name: default-calvin-bc
        description: MLP behaviour cloning of 8-step action chunks (4 executed per call) on the robot and scene state and the instruction (polspec bench's default).
        observation:
          proprio: {kind: vector, dim: 15}
          scene_obs: {kind: vector, dim: 24}
          instruction: {kind: text, max_tokens: 16}
        action: {dim: 7, chunk: 8, execute: 4}
        encoders:
          words: {kind: text_embedding, input: instruction, dim: 64}
        head: {kind: mlp, condition: [proprio, scene_obs, words], hidden: [512, 512]}
        recipe:
          seed: 0
          stages:
            - name: imitation
              objective: bc
              steps: 12000
              batch: 256
              optimizer: {kind: adamw, lr: 1.0e-3, weight_decay: 1.0e-4}
              schedule: {kind: cosine, warmup: 100}
        """, tasks: "d-d", demos: 50, episodes: 1000)
}
