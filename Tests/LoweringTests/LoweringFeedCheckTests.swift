import SpecLang
import Testing
@testable import Compiler
@testable import Lowering

/// `FeedCheck` describes every problem with fed inputs and weights, one sentence each.
@Suite struct LoweringFeedCheckTests {
    let spec: Spec
    let policy: PolicyGraph

    init() throws {
        spec = try #require(SpecChecker.check(text: """
            polspec: 1
            name: t
            observation: {state: {kind: vector, dim: 3}, words: {kind: text, max_tokens: 2, vocab: 5}, history: 2}
            action: {dim: 2}
            encoders: {text: {kind: text_embedding, input: words, dim: 4}}
            head: {kind: mlp, condition: [state, text], hidden: []}
            recipe: {stages: [{name: s, objective: bc, steps: 1}]}
            """, path: "t.yaml").spec)
        policy = try PolicyGraph(spec, batch: 2)
    }

    @Test func goodFeedsHaveNoProblems() {
        let inputs = ["state": HostTensor(shape: [2, 2, 3], floats: Array(repeating: 0, count: 12)),
                      "words": HostTensor(shape: [2, 2], ints: [0, 1, 2, 4])]
        #expect(FeedCheck.inputProblems(inputs, graph: policy.graph, observations: policy.observations).isEmpty)
        #expect(FeedCheck.weightProblems(policy.graph.initialParameters(seed: 0).mapValues(\.type), graph: policy.graph).isEmpty)
        #expect(FeedCheck.batch(of: inputs.mapValues(\.type), spec: spec) == 2)
    }

    @Test func everyInputProblemIsNamed() {
        let inputs = ["state": HostTensor(shape: [2, 3], floats: Array(repeating: 0, count: 6)),
                      "words": HostTensor(shape: [2, 2], floats: [0, 1, 2, 3]),
                      "extra": HostTensor(shape: [1], floats: [0])]
        #expect(FeedCheck.inputProblems(inputs, graph: policy.graph, observations: policy.observations) == [
            "input 'state' has shape [2,3], expected [2,2,3] (observation 2 × vector[3] as [batch, frames, dim])",
            "input 'words' is f32, expected i32 (observation text[2] (vocab 5) as [batch, max_tokens])",
            "unexpected input 'extra': the policy reads 'state', 'words'",
        ])
        let ids = ["state": HostTensor(shape: [2, 2, 3], floats: Array(repeating: 0, count: 12)),
                   "words": HostTensor(shape: [2, 2], ints: [0, 1, -1, 9])]
        #expect(FeedCheck.inputProblems(ids, graph: policy.graph, observations: policy.observations) == [
            "input 'words' holds token id -1 at flat index 2, outside the vocabulary 0..<5",
        ])
        #expect(FeedCheck.inputProblems([:], graph: policy.graph, observations: policy.observations, unread: []).count == 2)
    }

    @Test func everyWeightProblemIsNamed() {
        var weights = policy.graph.initialParameters(seed: 0).mapValues(\.type)
        weights["head.fc1.weight"] = TensorType([6, 2])
        weights["encoders.text.position_embedding.weight"] = nil
        weights["head.fc9.bias"] = TensorType([1])
        #expect(FeedCheck.weightProblems(weights, graph: policy.graph) == [
            "missing weight 'encoders.text.position_embedding.weight': expected f32[2,4]",
            "weight 'head.fc1.weight' is f32[6,2], expected f32[2,10]",
            "unexpected weight 'head.fc9.bias': the policy has no parameter of that name",
        ])
    }
}
