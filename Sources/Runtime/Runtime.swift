// Runtime: parameters, checkpoints, samplers, training.
