namespace PaperLsp.Storage.Tests;

/// <summary><see cref="PaperStore.EarliestMentioning"/>: who mentions a name, oldest first, and nothing for a name too common to tell.</summary>
public sealed class EarliestMentioningTests
{
    private static (TempIndex Index, PaperStore Store) Open()
    {
        var t = new TempIndex();
        t.Write(
            "a.papers",
            "3|doi/3|Scaling GRPO to agents|2025|Cy|We train agents with GRPO.",
            "2|doi/2|DeepSeekMath|2024|Bo|We introduce Group Relative Policy Optimization (GRPO).",
            "1|doi/1|Graph routing|2019|Ann|A different GRPO acronym.",
            "|doi/4|Undated GRPO notes||Di|GRPO without a year.",
            "5|doi/5|SWE-bench: real issues|2023|Ed|A benchmark of issues.",
            "6|doi/6|Bench press for SWE teams|2022|Fa|Software engineers at the bench.",
            "7|doi/7|Unrelated|2020|Gu|Nothing of the kind.");
        var store = t.Open();
        t.Index(store);
        return (t, store);
    }

    private static List<string> Titles(PaperStore store, IReadOnlyList<long> ids) => [.. ids.Select(id => store.GetById(id)!.Paper.Title)];

    [Fact]
    public void Papers_mentioning_the_name_come_oldest_first_and_undated_last()
    {
        var (t, store) = Open();
        using (t)
        using (store)
        {
            Assert.Equal(["Graph routing", "DeepSeekMath", "Scaling GRPO to agents", "Undated GRPO notes"], Titles(store, store.EarliestMentioning("GRPO", 10, 100)));
            Assert.Equal(["Graph routing", "DeepSeekMath"], Titles(store, store.EarliestMentioning("grpo", 2, 100)));
        }
    }

    [Fact]
    public void A_name_of_several_words_needs_all_of_them_and_a_common_name_gives_nothing()
    {
        var (t, store) = Open();
        using (t)
        using (store)
        {
            Assert.Equal(["Bench press for SWE teams", "SWE-bench: real issues"], Titles(store, store.EarliestMentioning("SWE-bench", 10, 100)));
            Assert.Empty(store.EarliestMentioning("GRPO", 10, 3)); // four papers mention it: more than three
            Assert.Equal(4, store.EarliestMentioning("GRPO", 10, 4).Count);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"")]
    [InlineData("NEAR(a b) OR * AND")]
    [InlineData("the of and")]
    public void Odd_or_empty_names_answer_without_an_error(string name)
    {
        var (t, store) = Open();
        using (t)
        using (store)
        {
            var ids = store.EarliestMentioning(name, 10, 100);
            Assert.All(ids, id => Assert.NotNull(store.GetById(id)));
        }
    }
}
