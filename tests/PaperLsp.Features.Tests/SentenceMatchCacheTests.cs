using CsCheck;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Papers;

namespace PaperLsp.Features.Tests;

/// <summary>
/// <see cref="SentenceMatch"/> keeps what it derives from each candidate's (title, abstract) between calls
/// (<see cref="CandidateText"/>): its scores must be exactly those computed afresh — the first call, repeated calls on
/// the same string objects, and a title seen before with another abstract.
/// </summary>
public sealed class SentenceMatchCacheTests
{
    private static readonly Gen<string> Word = Gen.OneOf(
        Gen.Const("model"), Gen.Const("models"), Gen.Const("Reasoning"), Gen.Const("GRPO"), Gen.Const("policy"), Gen.Const("search"),
        Gen.Const("tree"), Gen.Const("of"), Gen.Const("thoughts"), Gen.Const("(grpo)"), Gen.Const("language"), Gen.Const("the"),
        Gen.String[Gen.Char["abcdeXYZ"], 1, 7]);

    private static readonly Gen<string> Text = Word.Array[0, 30].Select(words => string.Join(' ', words));

    private static readonly Gen<(string Title, string Abstract)[]> Documents = Gen.Select(Text, Text).Array[0, 12];

    [Fact]
    public void Cached_lexical_scores_and_name_matches_equal_fresh_ones()
    {
        Gen.Select(Text, Documents, Text).Sample((query, documents, otherAbstract) =>
        {
            // New string objects each time, as a fresh load from the index would give (the cache is keyed by object).
            var fresh = documents.Select(d => (new string(d.Title.AsSpan()), new string(d.Abstract.AsSpan()))).ToList();
            var expected = ReferenceLexical(query, fresh);
            var names = SentenceMatch.Names(query);
            var expectedNames = SentenceMatch.NameMatches(names, fresh.Select(d => (new string(d.Item1.AsSpan()), new string(d.Item2.AsSpan()))).ToList(), 0.9, true);

            Assert.Equal(expected, SentenceMatch.Lexical(query, fresh)); // first call: computed
            Assert.Equal(expected, SentenceMatch.Lexical(query, fresh)); // second call: from the cache
            Assert.Equal(expectedNames, SentenceMatch.NameMatches(names, fresh, 0.9, true));
            Assert.Equal(expectedNames, SentenceMatch.NameMatches(names, fresh, 0.9, true));

            // the same title objects with other abstracts: recomputed, not the cached counts of the old pair
            var changed = fresh.Select(d => (d.Item1, new string(otherAbstract.AsSpan()))).ToList();
            Assert.Equal(ReferenceLexical(query, changed), SentenceMatch.Lexical(query, changed));
        });
    }

    [Fact]
    public void The_lower_cased_abstract_is_left_out_only_where_it_cannot_contain_the_name()
    {
        // name matches read a candidate's lower-cased abstract only where it may contain the name: "" elsewhere must
        // change nothing, so "" only where the lower-cased abstract has no occurrence (ASCII and not: İ, the Kelvin sign, ſ)
        var letters = Gen.Char["abgorpGRPOK \u0130\u212A\u017F\u00C9()-"];
        var cases = Gen.Select(Gen.String[letters, 0, 60], Gen.String[Gen.Char["abgorpk\u0131i()-"], 1, 5]);
        foreach (var (abstractText, name) in new[] { ("Heat in \u212Aelvin", "kelvin"), ("\u0130stanbul GRPO", "istanbul"), ("the (GRPO) loss", "(grpo)"), ("", "grpo") })
        {
            Check(abstractText, name);
        }

        cases.Sample(Check, iter: 2000);

        static void Check(string abstractText, string name)
        {
            var text = CandidateText.Of("Title " + Guid.NewGuid().ToString("N"), new string(abstractText.AsSpan()));
            var lowered = abstractText.ToLowerInvariant();
            var mentioning = text.LowerAbstractMentioning(name);
            if (lowered.Contains(name, StringComparison.Ordinal))
            {
                Assert.Equal(lowered, mentioning);
            }
            else
            {
                Assert.True(mentioning.Length == 0 || mentioning == lowered, $"'{mentioning}' for '{abstractText}' / '{name}'");
            }
        }
    }

    [Fact]
    public void More_candidates_than_the_cache_holds_still_score_as_fresh()
    {
        // Three times as many (title, abstract) pairs as the cache has slots: entries replace each other, and every
        // score, asked twice, is still the score computed afresh.
        var documents = Enumerable.Range(0, CandidateText.Slots * 3)
            .Select(i => ($"Search paper {i} on trees", $"We study search number {i % 97} with models and trees {i % 13}"))
            .ToList();
        const string query = "tree search with language models";
        var expected = ReferenceLexical(query, documents);
        Assert.Equal(expected, SentenceMatch.Lexical(query, documents));
        Assert.Equal(expected, SentenceMatch.Lexical(query, documents));
        Assert.Equal(ReferenceLexical(query, documents[..50]), SentenceMatch.Lexical(query, documents[..50]));
    }

    /// <summary>The local BM25 as it was computed before the cache (every document's words counted on every call).</summary>
    private static double[] ReferenceLexical(string query, IReadOnlyList<(string Title, string Abstract)> documents)
    {
        var scores = new double[documents.Count];
        var queryWords = ContextOverlap.ContentWords(query);
        if (queryWords.Count == 0 || documents.Count == 0)
        {
            return scores;
        }

        var termCounts = new Dictionary<string, int>[documents.Count];
        var lengths = new int[documents.Count];
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var d = 0; d < documents.Count; d++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var word in ContextOverlap.Words(documents[d].Title))
            {
                counts[word] = counts.GetValueOrDefault(word) + 2;
                lengths[d] += 2;
            }

            foreach (var word in ContextOverlap.Words(documents[d].Abstract).Take(160))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
                lengths[d]++;
            }

            termCounts[d] = counts;
            foreach (var word in counts.Keys.Where(queryWords.Contains))
            {
                df[word] = df.GetValueOrDefault(word) + 1;
            }
        }

        var averageLength = Math.Max(1.0, lengths.Average());
        double n = documents.Count;
        var best = 0.0;
        for (var d = 0; d < documents.Count; d++)
        {
            var score = 0.0;
            foreach (var (word, documentFrequency) in df)
            {
                if (termCounts[d].TryGetValue(word, out var tf))
                {
                    var idf = Math.Log(1 + ((n - documentFrequency + 0.5) / (documentFrequency + 0.5)));
                    score += idf * tf * (1.2 + 1) / (tf + (1.2 * (1 - 0.75 + (0.75 * lengths[d] / averageLength))));
                }
            }

            scores[d] = score;
            best = Math.Max(best, score);
        }

        return best > 0 ? scores.Select(s => s / best).ToArray() : scores;
    }
}
