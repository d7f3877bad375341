using System.Text;
using CsCheck;
using PaperLsp.Embeddings.Tokenization;
using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.Tests;

public sealed class SentencePieceUnigramTokenizerTests
{
    // id: 0 <unk>, 1 <s>, 2 </s>, 3 ▁, 4 ▁a, 5 b, 6 ab, 7 ▁ab, 8 c
    private const string TinyVocab = """
        [["<unk>",0],["<s>",0],["</s>",0],["▁",-2.0],["▁a",-1.0],["b",-2.0],["ab",-2.5],["▁ab",-3.5],["c",-4.0]]
        """;

    private static SentencePieceUnigramTokenizer Tiny(int maxTokens = 128) =>
        SentencePieceUnigramTokenizer.FromVocabJson(new MemoryStream(Encoding.UTF8.GetBytes(TinyVocab)), maxTokens);

    public static TheoryData<string, int[]> Cases() => new()
    {
        // Viterbi beats greedy longest match: ▁a + b (-3) scores above ▁ab (-3.5) and ▁ + ab (-4.5).
        { "ab", [4, 5] },
        // Unknown characters become 0, consecutive unknowns merge into one.
        { "a€€b", [4, 0, 5] },
        { "a€b€€c", [4, 0, 5, 0, 8] },
        // Whitespace runs (any kind) collapse to one ▁; leading/trailing whitespace is dropped.
        { "  a \n\t b  ", [4, 3, 5] },
        // NFKC folds full-width letters to ASCII.
        { "ａｂ", [4, 5] },
        // A character outside the BMP is one unknown, not two.
        { "😀", [3, 0] },
        // Control pieces never match text.
        { "<s>", [3, 0] },
        { "", [] },
        { " \t\r\n ", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Encodes_as_expected(string text, int[] expected) => Assert.Equal(expected, Tiny().Encode(text));

    [Fact]
    public void Truncates_to_max_tokens()
    {
        var ids = Tiny(maxTokens: 3).Encode("a a a a a a");
        Assert.Equal([4, 4, 4], ids);
    }

    [Fact]
    public void Lone_surrogates_are_replaced_not_fatal()
    {
        var ids = Tiny().Encode("a\uD800b\uDC00");
        Assert.Equal([4, 0, 5, 0], ids);
    }

    [Fact]
    public void Huge_input_is_bounded()
    {
        var ids = Tiny(maxTokens: 128).Encode(string.Concat(Enumerable.Repeat("ab ", 2_000_000)));
        Assert.Equal(128, ids.Length);
    }

    [Fact]
    public void Missing_or_positive_scores_are_repaired_from_piece_order()
    {
        const string damaged = """[["<unk>",0],["▁",-1.0],["▁x",null],["y",30],["▁xy",-0.5]]""";
        var tokenizer = SentencePieceUnigramTokenizer.FromVocabJson(new MemoryStream(Encoding.UTF8.GetBytes(damaged)));
        Assert.Equal(2, tokenizer.RepairedScoreCount);
        Assert.Equal(5, tokenizer.VocabularySize);
        // ▁xy scores -0.5; ▁x + y would be -1 + -1 after repair (without repair, 30 would win).
        Assert.Equal([4], tokenizer.Encode("xy"));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[[1,2]]")]
    public void Malformed_vocab_is_a_clear_error(string json)
    {
        var ex = Assert.Throws<ModelFormatException>(() => SentencePieceUnigramTokenizer.FromVocabJson(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains("vocab", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Any_text_encodes_within_bounds()
    {
        var tokenizer = Tiny(maxTokens: 16);
        Gen.String.Sample(text =>
        {
            var ids = tokenizer.Encode(text);
            Assert.True(ids.Length <= 16);
            Assert.All(ids, id => Assert.InRange(id, 0, tokenizer.VocabularySize - 1));
            Assert.DoesNotContain(1, ids);
            Assert.DoesNotContain(2, ids);
            for (var i = 1; i < ids.Length; i++)
            {
                Assert.False(ids[i] == 0 && ids[i - 1] == 0, "consecutive unknowns must merge");
            }
        });
    }

    [SkippableFact]
    public void Real_vocabulary_handles_corpus_style_text()
    {
        var tokenizer = SentencePieceUnigramTokenizer.FromVocabJson(Path.Combine(PreparedModel.RequireDirectory(), "vocab.json"));
        Assert.Equal(8000, tokenizer.VocabularySize);
        Assert.Equal(9, tokenizer.RepairedScoreCount);
        var ids = tokenizer.Encode("Scaling LLM test-time compute: H$_2$O\nheavy-hitter oracle x2013 results");
        Assert.InRange(ids.Length, 10, 128);
        Assert.Equal(tokenizer.Encode("Scaling LLM test-time compute: H$_2$O heavy-hitter oracle x2013 results"), ids);
    }
}
