using CsCheck;
using PaperLsp.Features.Catalog;

namespace PaperLsp.Retrieval.Tests;

/// <summary>
/// A keystroke in a key reuses what the catalog already has: the context's order sorted once (the typed search's top is
/// the same as adding the typed ranking to every score and sorting them all) and the key index's answer per prefix (the
/// same ids as the store gives, for every limit, read once).
/// </summary>
public sealed class TypedSearchReuseTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    [Fact]
    public void Merging_the_typed_ranking_into_the_sorted_context_gives_the_top_of_the_full_sort()
    {
        // Scores from a small set of values (ties are common), typed ids overlapping the context's and new ones.
        var gen = Gen.Select(
            Gen.Dictionary(Gen.Long[0, 60], Gen.Int[0, 6].Select(v => v / 4.0))[0, 40],
            Gen.Long[0, 90].Array[0, 30],
            Gen.Double[0, 2],
            Gen.Int[1, 70]);
        gen.Sample((scores, typed, weight, limit) =>
        {
            var ranking = typed.Distinct().ToList();
            var full = new Dictionary<long, double>(scores);
            var rank = 0;
            foreach (var id in weight > 0 ? ranking : []) // as the catalog's rank fusion: no weight, no ranking
            {
                rank++;
                full[id] = full.GetValueOrDefault(id) + (weight / (60 + rank));
            }

            var expected = full.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(limit).ToList();
            var merged = TypedTop.Merge(TypedTop.Order(scores), scores, ranking, weight, 60, limit);
            return expected.SequenceEqual(merged);
        }, iter: 2000);
    }

    [Fact]
    public void Key_prefix_lookups_give_the_stores_ids_for_every_limit_and_read_each_prefix_once()
    {
        using var catalog = new HybridPaperCatalog(index.Store, null);
        var keys = index.Store.KeysWithPrefix("", 400).Select(p => p.CitationKey).ToList();
        var prefixes = keys.SelectMany(k => Enumerable.Range(1, Math.Min(4, k.Length)).Select(n => k[..n]))
            .SelectMany(p => new[] { p, p.ToUpperInvariant(), char.ToUpperInvariant(p[0]) + p[1..] }) // the key column ignores ASCII case
            .Append("zzzz-none").Append("É").Append("é").Distinct(StringComparer.Ordinal).ToList();
        Assert.True(prefixes.Count > 50, $"{prefixes.Count} prefixes");

        Gen.Select(Gen.Int[0, prefixes.Count - 1].Select(i => prefixes[i]), Gen.Int[1, 120]).Sample((prefix, limit) =>
        {
            var expected = index.Store.KeysWithPrefix(prefix, limit).Select(p => p.Id);
            return expected.SequenceEqual(catalog.FindByKeyPrefix(prefix, limit).Select(p => p.Id));
        }, iter: 600);

        // A keystroke: the typed search (its 50 keys) and completion's own lookup (a limit of 20 or 100) share one read.
        var typed = prefixes.First(p => p.Length == 2 && catalog.FindByKeyPrefix(p, 1).Count > 0);
        var before = catalog.KeyPrefixReads;
        var fresh = typed + keys.Count.ToString(System.Globalization.CultureInfo.InvariantCulture); // a prefix never asked
        catalog.Search(new PaperQuery("stochastic gradient methods", fresh, 30), CancellationToken.None);
        catalog.FindByKeyPrefix(fresh, 20);
        catalog.FindByKeyPrefix(fresh, 50);
        catalog.FindByKeyPrefix(fresh.ToUpperInvariant(), 50);
        Assert.Equal(before + 1, catalog.KeyPrefixReads);
        catalog.FindByKeyPrefix(fresh, 100); // deeper than any read so far: read again, once
        catalog.FindByKeyPrefix(fresh, 60);
        Assert.Equal(before + 2, catalog.KeyPrefixReads);
        Assert.NotEmpty(catalog.FindByKeyPrefix(typed, 100));
    }

    [Fact]
    public void Warmed_typed_prefixes_answer_as_a_cold_catalog_does_without_reading_the_key_index_again()
    {
        using var warmed = new HybridPaperCatalog(index.Store, index.Model);
        using var cold = new HybridPaperCatalog(index.Store, index.Model);
        var keys = index.Store.KeysWithPrefix("", 400).Select(p => p.CitationKey).ToList();
        var prefixes = keys.SelectMany(k => new[] { k[..1], k[..Math.Min(2, k.Length)] }).Append("qz").Distinct(StringComparer.Ordinal).ToList();

        Assert.Equal(prefixes.Count, warmed.WarmTypedPrefixes(prefixes, CancellationToken.None));
        var reads = warmed.KeyPrefixReads;
        var rankings = warmed.TypedRankingReads;
        const string Sentence = "stochastic gradient descent converges for convex problems";

        // the prefixes as warmed, and typed with capitals (a key such as FunSearch or DeJong): the same rankings serve them
        var typed = prefixes.SelectMany(p => new[] { p, p.ToUpperInvariant(), char.ToUpperInvariant(p[0]) + p[1..] }).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(typed.Count > prefixes.Count, $"{typed.Count} typed prefixes");
        foreach (var prefix in typed)
        {
            var expected = cold.Search(new PaperQuery(Sentence, prefix, 40), CancellationToken.None).Select(h => (h.Paper.Id, h.Score));
            Assert.Equal(expected, warmed.Search(new PaperQuery(Sentence, prefix, 40), CancellationToken.None).Select(h => (h.Paper.Id, h.Score)));
            Assert.Equal(cold.FindByKeyPrefix(prefix, 50).Select(p => p.Id), warmed.FindByKeyPrefix(prefix, 50).Select(p => p.Id));
        }

        Assert.Equal(reads, warmed.KeyPrefixReads);
        Assert.Equal(rankings, warmed.TypedRankingReads); // no typed ranking computed again for a capital
        Assert.True(cold.TypedRankingReads >= prefixes.Count);
    }

    [Fact]
    public void The_sentence_being_typed_keeps_its_ranking_while_a_thousand_other_searches_pass_through()
    {
        // Palette searches and other sentences fill the catalog's caches; the sentence whose key is being typed asks again
        // every few of them and must not lose its ranking (the caches emptied whole when full, and the next key character
        // recomputed it).
        using var catalog = new HybridPaperCatalog(index.Store, index.Model);
        const string sentence = "stochastic gradient methods with heavy tailed noise";
        Assert.NotEmpty(catalog.Search(new PaperQuery(sentence, Limit: 50), CancellationToken.None));
        var before = catalog.ContextRankings;
        for (var i = 0; i < 1000; i++)
        {
            catalog.Search(new PaperQuery($"attention layers for sequence model number {i}", Limit: 20), CancellationToken.None);
            if (i % 20 == 0)
            {
                catalog.Search(new PaperQuery(sentence, "s", 50), CancellationToken.None);
            }
        }

        Assert.Equal(before + 1000, catalog.ContextRankings);
    }

    [Fact]
    public void A_one_character_prefix_brings_only_its_first_keys_into_the_typed_search_and_two_characters_bring_more()
    {
        // With no sentence the typed ranking alone decides: its keys with the prefix, in key order, then the full-text hits
        // of the typed text (none for a letter or two). One character takes TypedKeyPrefix.OneCharacter keys, two
        // characters all of theirs (up to 50).
        using var catalog = new HybridPaperCatalog(index.Store, null);
        var keys = index.Store.KeysWithPrefix("", 1000).Select(p => p.CitationKey).ToList();
        var letter = keys.GroupBy(k => char.ToLowerInvariant(k[0])).OrderByDescending(g => g.Count()).First();
        Assert.True(letter.Count() > TypedKeyPrefix.OneCharacter, $"{letter.Count()} keys start with {letter.Key}");
        var first = index.Store.KeysWithPrefix(letter.Key.ToString(), TypedKeyPrefix.OneCharacter).Select(p => p.CitationKey).ToList();
        // two characters whose keys are not all among the letter's first: they come in whole once typed
        var two = keys.Where(k => char.ToLowerInvariant(k[0]) == letter.Key && k.Length > 1)
            .GroupBy(k => k[..2].ToLowerInvariant()).Where(g => g.Count() > 1 && !g.All(first.Contains)).OrderByDescending(g => g.Count()).First();

        IEnumerable<string> TypedKeys(string typed) => catalog.Search(new PaperQuery("", typed, 100), CancellationToken.None)
            .Select(h => h.Paper.CitationKey).Where(k => k.StartsWith(typed, StringComparison.OrdinalIgnoreCase));

        Assert.Equal(first.Order(StringComparer.Ordinal), TypedKeys(letter.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(two.Order(StringComparer.Ordinal), TypedKeys(two.Key).Order(StringComparer.Ordinal));
        Assert.Equal(TypedKeyPrefix.OneCharacter, TypedKeyPrefix.Depth("c", 20));
        Assert.Equal(20, TypedKeyPrefix.Depth("ch", 20));
        Assert.Equal(5, TypedKeyPrefix.Depth("c", 5));
    }
}
