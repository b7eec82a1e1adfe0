/// The names other robot-learning code gives to what polspec calls something else (LeRobot,
/// Diffusion Policy, robomimic, ACT, diffusers, timm, PyTorch), so that an unknown key or kind
/// written in that vocabulary gets the polspec word in its "did you mean" help.
public enum Synonyms {
    /// A key another framework uses.
    struct Key {
        /// The foreign key.
        var word: String
        /// The polspec key it means, and the block it belongs in when that is not where it was
        /// written (`action.chunk`).
        var key: String
        var place: String?
        /// Who calls it so.
        var origin: String
    }

    /// A kind another framework uses.
    public struct Kind: Sendable {
        public var word: String
        /// The family it is written in (nil: any).
        public var family: Family?
        /// The polspec kind (or kinds) it means.
        public var kind: String
        public var origin: String
    }

    static let keys: [Key] = [
        Key(word: "horizon", key: "chunk", place: "action", origin: "LeRobot's and Diffusion Policy's name for the action chunk length"),
        Key(word: "chunk_size", key: "chunk", place: "action", origin: "ACT's and π0's name for the action chunk length"),
        Key(word: "prediction_horizon", key: "chunk", place: "action", origin: "robomimic's name for the action chunk length"),
        Key(word: "pred_horizon", key: "chunk", place: "action", origin: "Diffusion Policy's name for the action chunk length"),
        Key(word: "action_horizon", key: "execute", place: "action", origin: "robomimic's name for the steps executed per call"),
        Key(word: "n_action_steps", key: "execute", place: "action", origin: "LeRobot's and Diffusion Policy's name for the steps executed per call"),
        Key(word: "action_dim", key: "dim", place: "action", origin: "the usual name of the action's dimension"),
        Key(word: "n_obs_steps", key: "history", place: "observation", origin: "LeRobot's and Diffusion Policy's name for the frames of history"),
        Key(word: "observation_horizon", key: "history", place: "observation", origin: "robomimic's name for the frames of history"),
        Key(word: "obs_horizon", key: "history", place: "observation", origin: "Diffusion Policy's name for the frames of history"),
        Key(word: "input_features", key: "observation", place: nil, origin: "LeRobot's name for the policy's inputs"),
        Key(word: "output_features", key: "action", place: nil, origin: "LeRobot's name for the policy's outputs"),
        Key(word: "type", key: "kind", place: nil, origin: "LeRobot's name for the key that selects a component"),
        Key(word: "freeze", key: "train", place: "stage", origin: "polspec lists what a stage trains (`train: [...]`) and freezes the rest"),
        Key(word: "frozen", key: "train", place: "stage", origin: "polspec lists what a stage trains (`train: [...]`) and freezes the rest"),
        Key(word: "freeze_vision_encoder", key: "train", place: "stage", origin: "polspec lists what a stage trains (`train: [...]`) and freezes the rest"),
        Key(word: "freeze_encoder", key: "train", place: "stage", origin: "polspec lists what a stage trains (`train: [...]`) and freezes the rest"),
        Key(word: "trainable", key: "train", place: "stage", origin: "polspec lists what a stage trains in `train: [...]`"),
        Key(word: "num_train_timesteps", key: "train_steps", place: "diffusion", origin: "diffusers' name for the diffusion steps"),
        Key(word: "num_inference_steps", key: "sample_steps", place: "diffusion", origin: "diffusers' and LeRobot's name for the denoising steps per call (a flow block calls them steps)"),
        Key(word: "beta_schedule", key: "schedule", place: "diffusion", origin: "diffusers' name for the noise schedule (squaredcos_cap_v2 is squaredcos)"),
        Key(word: "prediction_type", key: "prediction", place: "diffusion", origin: "diffusers' name for what the network predicts"),
        Key(word: "noise_scheduler_type", key: "sampler", place: "diffusion", origin: "LeRobot's name for the sampler (DDPM, DDIM)"),
        Key(word: "num_integration_steps", key: "steps", place: "flow", origin: "LeRobot's name for the flow's integration steps"),
        Key(word: "integration_method", key: "integrator", place: "flow", origin: "LeRobot's name for the flow's integrator"),
        Key(word: "n_layer", key: "depth", place: nil, origin: "Diffusion Policy's name for the number of blocks"),
        Key(word: "n_layers", key: "depth", place: nil, origin: "LeRobot's name for the number of blocks"),
        Key(word: "num_layers", key: "depth", place: nil, origin: "PyTorch's name for the number of blocks"),
        Key(word: "n_head", key: "heads", place: nil, origin: "Diffusion Policy's name for the attention heads"),
        Key(word: "n_heads", key: "heads", place: nil, origin: "LeRobot's name for the attention heads"),
        Key(word: "num_heads", key: "heads", place: nil, origin: "timm's and PyTorch's name for the attention heads"),
        Key(word: "n_emb", key: "dim", place: nil, origin: "Diffusion Policy's name for the model width"),
        Key(word: "dim_model", key: "dim", place: nil, origin: "LeRobot's name for the model width"),
        Key(word: "d_model", key: "dim", place: nil, origin: "PyTorch's name for the model width"),
        Key(word: "embed_dim", key: "dim", place: nil, origin: "timm's name for the model width"),
        Key(word: "hidden_dim", key: "dim", place: nil, origin: "a common name for the model width"),
        Key(word: "hidden_size", key: "dim", place: nil, origin: "Hugging Face's name for the model width"),
        Key(word: "dim_feedforward", key: "mlp_ratio", place: nil, origin: "ACT's MLP width; polspec gives it as a multiple of dim"),
        Key(word: "patch_size", key: "patch", place: nil, origin: "timm's name for the patch side"),
        Key(word: "p_drop_attn", key: "attention_dropout", place: nil, origin: "Diffusion Policy's name for the attention dropout"),
        Key(word: "attn_drop", key: "attention_dropout", place: nil, origin: "timm's name for the attention dropout"),
        Key(word: "learning_rate", key: "lr", place: "optimizer", origin: "the long name of the learning rate"),
        Key(word: "warmup_steps", key: "warmup", place: "schedule", origin: "the usual name of the warm-up steps"),
        Key(word: "num_warmup_steps", key: "warmup", place: "schedule", origin: "transformers' name for the warm-up steps"),
        Key(word: "lr_warmup_steps", key: "warmup", place: "schedule", origin: "Diffusion Policy's name for the warm-up steps"),
        Key(word: "batch_size", key: "batch", place: "stage", origin: "the usual name of the batch size"),
        Key(word: "max_grad_norm", key: "clip", place: "stage", origin: "transformers' name for the gradient-norm clip"),
        Key(word: "grad_clip_norm", key: "clip", place: "stage", origin: "LeRobot's name for the gradient-norm clip"),
        Key(word: "grad_clip", key: "clip", place: "stage", origin: "the usual name of the gradient-norm clip"),
        Key(word: "ema_decay", key: "ema", place: "stage", origin: "the usual name of the EMA decay"),
        Key(word: "use_ema", key: "ema", place: "stage", origin: "Diffusion Policy's switch; polspec's `ema` is the decay (0 is off)"),
        Key(word: "gradient_accumulation_steps", key: "accumulate", place: "stage", origin: "transformers' name for gradient accumulation"),
        Key(word: "num_steps", key: "steps", place: "stage", origin: "the usual name of a stage's optimizer steps"),
        Key(word: "training_steps", key: "steps", place: "stage", origin: "the usual name of a stage's optimizer steps"),
        Key(word: "max_steps", key: "steps", place: "stage", origin: "the usual name of a stage's optimizer steps"),
        Key(word: "offline_steps", key: "steps", place: "stage", origin: "LeRobot's name for a stage's optimizer steps"),
    ]

    static let kinds: [Kind] = [
        Kind(word: "text", family: .encoder, kind: "text_embedding", origin: "`text` is the observation; text_embedding embeds its tokens"),
        Kind(word: "language", family: .encoder, kind: "text_embedding", origin: "the language encoder is text_embedding"),
        Kind(word: "resnet", family: .encoder, kind: "cnn", origin: "polspec's convolutional encoder is cnn"),
        Kind(word: "resnet18", family: .encoder, kind: "cnn", origin: "polspec's convolutional encoder is cnn"),
        Kind(word: "conv", family: .encoder, kind: "cnn", origin: "polspec's convolutional encoder is cnn"),
        Kind(word: "vit", family: .encoder, kind: "jepa", origin: "a ViT over image patches is jepa (transformer runs over tokens)"),
        Kind(word: "proprioception", family: .encoder, kind: "proprio", origin: "the proprioception encoder is proprio"),
        Kind(word: "state", family: .observation, kind: "vector", origin: "a state vector is a vector observation"),
        Kind(word: "low_dim", family: .observation, kind: "vector", origin: "robomimic's low_dim observations are vectors"),
        Kind(word: "proprio", family: .observation, kind: "vector", origin: "proprioception is a vector observation"),
        Kind(word: "rgb", family: .observation, kind: "image", origin: "robomimic's rgb observations are images"),
        Kind(word: "visual", family: .observation, kind: "image", origin: "LeRobot's VISUAL features are images"),
        Kind(word: "camera", family: .observation, kind: "image", origin: "a camera gives an image observation"),
        Kind(word: "language", family: .observation, kind: "text", origin: "LeRobot's LANGUAGE features are text"),
        Kind(word: "instruction", family: .observation, kind: "text", origin: "an instruction is a text observation"),
        Kind(word: "diffusion", family: .head, kind: "dit", origin: "a diffusion head is dit (or mlp with a diffusion block)"),
        Kind(word: "diffusion_policy", family: .head, kind: "dit", origin: "a diffusion head is dit (or mlp with a diffusion block)"),
        Kind(word: "transformer", family: .head, kind: "dit", origin: "the transformer action head is dit"),
        Kind(word: "flow", family: .head, kind: "dit", origin: "a flow head is dit with a flow block"),
        Kind(word: "pi0", family: .head, kind: "dit", origin: "π0's action expert is a flow head: dit with a flow block"),
        Kind(word: "ebm", family: .head, kind: "ebt", origin: "the energy head is ebt"),
        Kind(word: "energy", family: .head, kind: "ebt", origin: "the energy head is ebt"),
        Kind(word: "discrete", family: .head, kind: "discrete_diffusion", origin: "the discrete action head is discrete_diffusion"),
        Kind(word: "bc", family: .head, kind: "mlp", origin: "behaviour cloning regresses with the mlp head (bc is its objective)"),
        Kind(word: "mse", family: .objective, kind: "bc", origin: "regression on the chunk is the bc objective"),
        Kind(word: "l2", family: .objective, kind: "bc", origin: "regression on the chunk is the bc objective"),
        Kind(word: "regression", family: .objective, kind: "bc", origin: "regression on the chunk is the bc objective"),
        Kind(word: "ddpm", family: .objective, kind: "diffusion", origin: "the denoising objective is diffusion (the sampler is in the head's diffusion block)"),
        Kind(word: "ddim", family: .objective, kind: "diffusion", origin: "the denoising objective is diffusion (the sampler is in the head's diffusion block)"),
        Kind(word: "denoising", family: .objective, kind: "diffusion", origin: "the denoising objective is diffusion"),
        Kind(word: "flow", family: .objective, kind: "flow_matching", origin: "the flow objective is flow_matching"),
        Kind(word: "rectified_flow", family: .objective, kind: "flow_matching", origin: "the flow objective is flow_matching"),
        Kind(word: "ebm", family: .objective, kind: "energy", origin: "the energy head's objective is energy"),
        Kind(word: "masked", family: .objective, kind: "masked_diffusion", origin: "the masked-token objective is masked_diffusion"),
        Kind(word: "contrastive", family: .objective, kind: "time_contrastive", origin: "the contrastive pretraining objective is time_contrastive"),
        Kind(word: "cosine_with_warmup", family: .schedule, kind: "cosine", origin: "every schedule warms up (`warmup`)"),
        Kind(word: "cosine_annealing", family: .schedule, kind: "cosine", origin: "PyTorch's CosineAnnealingLR is cosine"),
        Kind(word: "none", family: .schedule, kind: "constant", origin: "a fixed rate is the constant schedule"),
    ]

    /// The help for an unknown key `word` in `block` (a block title such as `stage` or
    /// `dit head`) whose keys are `allowed`: a "did you mean" when the synonym's key is allowed
    /// here (then `key` is that key), else where the key belongs, or that this block has no
    /// such key.
    static func key(_ word: String, in block: String, allowed: [String]) -> (help: String, key: String?)? {
        guard let entry = keys.first(where: { $0.word == word.lowercased() }) else { return nil }
        let explanation = entry.origin.hasPrefix("polspec") ? entry.origin : "`\(word)` is \(entry.origin)"
        if allowed.contains(entry.key) {
            return ("did you mean '\(entry.key)'? (\(explanation))", entry.key)
        }
        if let place = entry.place {
            return ("\(explanation): polspec writes it as `\(place).\(entry.key)`", nil)
        }
        return ("\(explanation), `\(entry.key)` in polspec, which \(block) does not have; allowed keys: \(allowed.joined(separator: ", "))", nil)
    }

    /// The polspec kind an unknown kind `word` of `family` probably means.
    public static func kind(_ word: String, family: Family? = nil) -> (word: String, help: String)? {
        let lower = word.lowercased()
        guard let entry = kinds.first(where: { $0.word == lower && (family == nil || $0.family == family) }) else { return nil }
        return (entry.kind, "did you mean '\(entry.kind)'? (\(entry.origin))")
    }
}
