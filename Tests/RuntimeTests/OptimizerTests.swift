import Backends
import Foundation
import Compiler
import Lowering
import SpecLang
import Testing
@testable import Runtime

/// The optimizer update rules against PyTorch's, as re-implemented in numpy by
/// Tests/Fixtures/runtime/make_fixtures.py (optimizers.json): a [2, 3] weight and a [3] bias
/// updated six times with given gradients and learning rates.
@Suite struct OptimizerTests {
    static func kind(_ config: [String: Any]) throws -> OptimizerKind {
        let number = { (key: String) in (config[key] as? NSNumber)?.doubleValue ?? 0 }
        switch config["kind"] as? String {
        case "sgd":
            var o = SGDOptimizer()
            o.momentum = number("momentum")
            o.nesterov = config["nesterov"] as? Bool ?? false
            o.weightDecay = number("weight_decay")
            return OptimizerKind(o)
        case "adam":
            var o = AdamOptimizer()
            o.betas = (config["betas"] as! [NSNumber]).map(\.doubleValue)
            o.eps = number("eps")
            return OptimizerKind(o)
        default:
            var o = AdamWOptimizer()
            o.betas = (config["betas"] as! [NSNumber]).map(\.doubleValue)
            o.eps = number("eps")
            o.weightDecay = number("weight_decay")
            o.decayAll = config["decay_all"] as? Bool ?? false
            return OptimizerKind(o)
        }
    }

    /// One update of a tensor of `shape` as a graph: inputs p, g, the state and the scalars.
    static func updateGraph(_ rule: OptimizerRule, shape: Shape) throws -> Graph {
        let b = GraphBuilder()
        let p = b.input("p", shape), g = b.input("g", shape)
        let state = rule.stateNames.map { b.input("state.\($0)", shape) }
        let scalars = Dictionary(uniqueKeysWithValues: rule.scalarNames.map { ($0, b.input($0, .scalar)) })
        let (next, nextState) = rule.update(parameter: p, gradient: g, state: state, scalars: scalars, decayed: rule.decays(shape))
        b.output("p", next)
        for (name, value) in zip(rule.stateNames, nextState) { b.output("state.\(name)", value) }
        return try b.finish()
    }

    @Test(arguments: ["sgd", "sgd-momentum-decay", "sgd-nesterov", "adam", "adamw", "adamw-decay-all"])
    func updatesMatchPyTorchRules(_ name: String) throws {
        let fixture = try Fixtures.json("optimizers.json")
        let cases = try #require(fixture["cases"] as? [[String: Any]])
        let testCase = try #require(cases.first { ($0["config"] as? [String: Any])?["name"] as? String == name })
        let rule = OptimizerRule(try Self.kind(try #require(testCase["config"] as? [String: Any])))
        let gradients = try #require(fixture["gradients"] as? [[String: Any]])
        let lrValues = try #require(fixture["lrs"] as? [NSNumber]).map(\.doubleValue)
        let steps = try #require(testCase["steps"] as? [[String: Any]])
        for (tensor, shape) in [("weight", Shape([2, 3])), ("bias", Shape([3]))] {
            let program = Program(unplanned: try Self.updateGraph(rule, shape: shape))
            var p = HostTensor(shape: shape, floats: floats(fixture[tensor]))
            var state = Dictionary(uniqueKeysWithValues: rule.stateNames.map { ("state.\($0)", HostTensor(shape: shape, floats: [Float](repeating: 0, count: shape.elementCount))) })
            for (t, expected) in steps.enumerated() {
                var feeds = state
                feeds["p"] = p
                feeds["g"] = HostTensor(shape: shape, floats: floats(gradients[t][tensor]))
                rule.forEachScalar(lr: lrValues[t], step: t + 1) { feeds[$0] = HostTensor(shape: .scalar, floats: [$1]) }
                let outputs = try ReferenceBackend<Float>().run(program, feeds: feeds)
                p = try #require(outputs["p"])
                expectClose(p.floats, floats(expected[tensor]), "\(name) \(tensor) after step \(t + 1)")
                let expectedState = try #require(expected["\(tensor)_state"] as? [String: Any])
                #expect(Set(expectedState.keys) == Set(rule.stateNames))
                for stateName in rule.stateNames {
                    let value = try #require(outputs["state.\(stateName)"])
                    expectClose(value.floats, floats(expectedState[stateName]), "\(name) \(tensor).\(stateName) after step \(t + 1)")
                    state["state.\(stateName)"] = value
                }
            }
        }
    }

    @Test func weightDecaySkipsBiasesAndNormsUnlessAsked() {
        var adamw = AdamWOptimizer()
        adamw.weightDecay = 0.1
        #expect(OptimizerRule(OptimizerKind(adamw)).decays([4, 3]))
        #expect(!OptimizerRule(OptimizerKind(adamw)).decays([3]))
        adamw.decayAll = true
        #expect(OptimizerRule(OptimizerKind(adamw)).decays([3]))
        adamw.weightDecay = 0
        #expect(!OptimizerRule(OptimizerKind(adamw)).decays([4, 3]))
        #expect(!OptimizerRule(OptimizerKind(AdamOptimizer())).decays([4, 3]))
    }
}
