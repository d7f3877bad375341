using PaperLsp.Features.Completion;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Tests;

public sealed class TypedMatcherTests
{
    private static readonly Paper Attention = new()
    {
        Title = "Attention Is All You Need",
        Authors = ["Ashish Vaswani", "Noam Shazeer"],
        Source = new PaperSource("index.jsonl", SourceFormat.PapersJsonl, 1),
    };

    [Theory]
    [InlineData("v", 1.0, 1.0)]         // key prefix: never scaled
    [InlineData("a", 1.0, 0.8)]         // a letter inside the key
    [InlineData("a", 0.25, 0.2)]
    [InlineData("a", 0.0, 0.0)]
    [InlineData("sh", 0.5, 0.4)]        // a co-author's surname, two letters
    [InlineData("at", 0.5, 0.4)]        // title word "attention", two letters
    [InlineData("att", 0.5, 0.4)]       // three letters inside the key ("...attention"): still few
    [InlineData("atte", 0.0, 0.8)]      // four letters: no longer short
    [InlineData("shaz", 0.0, 0.8)]      // a surname typed out
    public void Short_typed_text_counts_fully_only_as_a_key_prefix(string typed, double shortWeight, double expected)
    {
        Assert.Equal(expected, TypedMatcher.Score(typed, "vaswani2017attention", Attention, shortWeight), 6);
    }

    [Fact]
    public void Short_weight_changes_nothing_for_a_key_prefix_or_past_the_short_length()
    {
        foreach (var typed in new[] { "v", "va", "vas", "vasw", "vaswani2017" })
        {
            Assert.Equal(1.0, TypedMatcher.Score(typed, "vaswani2017attention", Attention, 0.0));
        }

        Assert.Equal(TypedMatcher.Score("need", "vaswani2017attention", Attention, 1.0), TypedMatcher.Score("need", "vaswani2017attention", Attention, 0.0));
    }

    [Theory]
    [InlineData("att", 2, 0.8)]
    [InlineData("att", 3, 0.2)]
    [InlineData("atte", 3, 0.8)]
    [InlineData("vas", 3, 1.0)]
    public void Short_length_sets_how_many_characters_count_as_few(string typed, int shortLength, double expected)
    {
        Assert.Equal(expected, TypedMatcher.Score(typed, "vaswani2017attention", Attention, 0.25, shortLength), 6);
    }
}
