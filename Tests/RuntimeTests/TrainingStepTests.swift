import Backends
import Compiler
import SpecLang
import Testing
@testable import Runtime

/// A whole training step (MSE loss, backward, accumulation over two batches, global-norm
/// clipping, AdamW with decay on the weight only, cosine schedule with warm-up, EMA) of a
/// linear head, compiled and run on the BLAS backend, against numpy (training_step.json).
@Suite struct TrainingStepTests {
    @Test func linearHeadStepsMatchReference() throws {
        let fixture = try Fixtures.json("training_step.json")
        let config = try #require(fixture["config"] as? [String: Any])
        let spec = try Fixtures.spec("""
        polspec: 1
        name: linear
        observation:
          state: {kind: vector, dim: 3}
        action: {dim: 2, chunk: 1}
        head: {kind: mlp, condition: [state], hidden: []}
        recipe:
          stages:
            - name: fit
              objective: bc
              steps: \(config["steps"]!)
              batch: \(config["batch"]!)
              accumulate: \(config["accumulate"]!)
              clip: \(config["clip"]!)
              ema: \(config["ema"]!)
              optimizer: {kind: adamw, lr: \(config["lr"]!), weight_decay: \(config["weight_decay"]!)}
              schedule: {kind: cosine, warmup: \(config["warmup"]!)}
        """)
        let training = try TrainingGraph(spec, stage: 0, batch: 8)
        #expect(Set(training.trained) == ["head.fc1.weight", "head.fc1.bias"])
        #expect(training.scalarInputs == training.rule.scalarNames + [TrainingGraph.applyInput])
        #expect(training.rule.scalarNames.count == 4)
        let initial = try #require(fixture["initial"] as? [String: Any])
        let parameters = ["head.fc1.weight": HostTensor(shape: [2, 3], floats: floats(initial["weight"])),
                          "head.fc1.bias": HostTensor(shape: [2], floats: floats(initial["bias"]))]
        var state: [String: HostTensor] = [:]
        for tensor in training.state {
            switch tensor.initial {
            case .zeros: state[tensor.name] = HostTensor(shape: tensor.type.shape, floats: [Float](repeating: 0, count: tensor.type.shape.elementCount))
            case .copy(let name): state[tensor.name] = parameters[name]
            }
        }
        let runner = try StepRunner(training, backend: BLASBackend(threads: 1), parameters: parameters, state: state)
        let batches = try #require(fixture["batches"] as? [[String: Any]])
        let steps = try #require(fixture["steps"] as? [[String: Any]])
        let schedule = LearningRateSchedule(stage: spec.recipe.stages[0])
        for (t, expected) in steps.enumerated() {
            let lr = schedule.rate(atStep: t)
            #expect(abs(lr - (expected["lr"] as! Double)) < 1e-12)
            training.rule.forEachScalar(lr: lr, step: t + 1, runner.setScalar)
            let losses = floats(expected["losses"])
            for k in 0..<2 {
                let batch = batches[t * 2 + k]
                runner.setScalar(TrainingGraph.applyInput, k == 1 ? 1 : 0)
                try runner.set("state", HostTensor(shape: [8, 3], floats: floats(batch["x"])))
                try runner.set("target.action", HostTensor(shape: [8, 1, 2], floats: floats(batch["y"])))
                let (loss, norm) = try runner.run()
                expectClose([loss], [losses[k]], "loss of step \(t + 1) batch \(k + 1)")
                if k == 1 { expectClose([norm], floats(expected["grad_norm"]), "gradient norm of step \(t + 1)") }
            }
            expectClose(runner.value("head.fc1.weight")!.floats, floats(expected["weight"]), "weight after step \(t + 1)")
            expectClose(runner.value("head.fc1.bias")!.floats, floats(expected["bias"]), "bias after step \(t + 1)")
            expectClose(runner.value("ema.head.fc1.weight")!.floats, floats(expected["ema_weight"]), "EMA weight after step \(t + 1)")
            expectClose(runner.value("ema.head.fc1.bias")!.floats, floats(expected["ema_bias"]), "EMA bias after step \(t + 1)")
        }
    }
}
