@testable import Bench
import Testing

/// The built-in instruction tokenizer.
@Suite struct LanguageTests {
    let tokenizer = InstructionTokenizer.standard

    @Test func theVocabularyCoversEverySuitesInstructions() {
        for suite in Suites.all {
            for task in suite.tasks {
                #expect(!tokenizer.tokens(task.instruction).contains(InstructionTokenizer.unknownID), "\(task.instruction)")
            }
        }
        #expect(tokenizer.words == tokenizer.words.sorted() && Set(tokenizer.words).count == tokenizer.words.count)
        #expect(tokenizer.words.contains("bowl") && tokenizer.words.contains("drawer") && tokenizer.words.contains("puck"))
        #expect(tokenizer.vocabularySize == tokenizer.words.count + 2)
    }

    @Test func encodingPadsTruncatesAndMarksUnknownWords() {
        let ids = tokenizer.encode("Take the RED block, please!", maxTokens: 8)
        #expect(ids.count == 8 && ids[5...] == [0, 0, 0])
        #expect(ids[4] == InstructionTokenizer.unknownID)  // "please" is in no instruction
        #expect(tokenizer.decode(ids) == ["take", "the", "red", "block", "<unk>"])
        #expect(tokenizer.encode("put the bowl on the plate", maxTokens: 2).count == 2)
        #expect(tokenizer.encode(["open the drawer", "close the drawer"], maxTokens: 4).count == 8)
        #expect(tokenizer.decode([0, 999_999, -5]) == ["<unk>", "<unk>"])
        let small = InstructionTokenizer(texts: ["b a", "a c"])
        #expect(small.words == ["a", "b", "c"] && small.tokens("c a b") == [4, 2, 3])
    }
}
