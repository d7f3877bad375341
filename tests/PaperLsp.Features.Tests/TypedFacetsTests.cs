using CsCheck;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Papers;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Tests;

/// <summary>
/// <see cref="TypedMatcher"/> reads each candidate's surnames and title words from <see cref="TypedFacets"/>, derived once
/// per authors list and title: its scores must be exactly those of the matcher that derived them on every call (kept
/// here as the reference), for the first call, a repeated call on the same objects, and fresh copies of the same text.
/// </summary>
public sealed class TypedFacetsTests
{
    private static readonly Gen<string> Name = Gen.OneOf(
        Gen.Const("Ashish Vaswani"), Gen.Const("Noam Shazeer"), Gen.Const("José Müller"), Gen.Const("Vincent van der Berg"),
        Gen.Const("Ana de la Cruz"), Gen.Const("Łukasz Kaiser"), Gen.Const("  Jakob   Uszkoreit "), Gen.Const("Søren Øster"), Gen.Const(""),
        Gen.String[Gen.Char["abcdeéüABCZ -"], 0, 14]);

    private static readonly Gen<string> TitleWord = Gen.OneOf(
        Gen.Const("Attention"), Gen.Const("is"), Gen.Const("All"), Gen.Const("You"), Gen.Const("Need"), Gen.Const("Chain-of-Thought"),
        Gen.Const("LLaMA-2"), Gen.Const("Über"), Gen.Const("GPT-4:"), Gen.String[Gen.Char["abcdeXYZé0129:-"], 1, 9]);

    private static readonly Gen<Paper> Papers = Gen.Select(Name.Array[0, 5], TitleWord.Array[0, 10]).Select((authors, words) => new Paper
    {
        Title = string.Join(' ', words),
        Authors = authors,
        Source = new PaperSource("index.jsonl", SourceFormat.PapersJsonl, 1),
    });

    private static readonly Gen<string> Typed = Gen.OneOf(
        Gen.Const("v"), Gen.Const("va"), Gen.Const("vas"), Gen.Const("sha"), Gen.Const("mu"), Gen.Const("mül"), Gen.Const("MUE"), Gen.Const("berg"),
        Gen.Const("van"), Gen.Const("cruz"), Gen.Const("att"), Gen.Const("atte"), Gen.Const("need"), Gen.Const("llama"), Gen.Const("ub"),
        Gen.Const("über"), Gen.Const("thought"), Gen.Const("ought"), Gen.String[Gen.Char["abcdeéuXZ0129-"], 1, 6]);

    private static readonly Gen<string> Key = Gen.OneOf(
        Gen.Const("vaswani2017attention"), Gen.Const("muller2020uber"), Gen.Const("Vaswani2017"), Gen.Const(""), Gen.String[Gen.Char["abcdevu0129-"], 1, 16]);

    [Fact]
    public void Scores_equal_those_of_the_matcher_that_derives_everything_per_call()
    {
        Gen.Select(Typed, Key, Papers, Gen.Double[0, 1]).Sample((typed, key, paper, shortWeight) =>
        {
            var expected = ReferenceScore(typed, key, paper, shortWeight, TypedMatcher.ShortTyped);
            Assert.Equal(expected, TypedMatcher.Score(typed, key, paper, shortWeight)); // first call: derived
            Assert.Equal(expected, TypedMatcher.Score(typed, key, paper, shortWeight)); // again: kept

            // the same text in new objects (a record loaded again from the index)
            var copy = paper with { Title = new string(paper.Title.AsSpan()), Authors = [.. paper.Authors.Select(a => new string(a.AsSpan()))] };
            Assert.Equal(expected, TypedMatcher.Score(typed, key, copy, shortWeight));
        });
    }

    [Fact]
    public void Facets_are_derived_once_per_title_and_authors_list()
    {
        var paper = new Paper { Title = "Tree of Thoughts: Deliberate Problem Solving", Authors = ["Shunyu Yao", "José Müller"], Source = new PaperSource("i", SourceFormat.PapersJsonl, 1) };
        var words = TypedFacets.WordsOf(paper.Title);
        var surnames = TypedFacets.SurnamesOf(paper.Authors);

        Assert.Equal(["tree", "of", "thoughts", "deliberate", "problem", "solving"], words);
        Assert.Equal(["Yao", "Müller"], surnames.Written);
        Assert.Equal(["yao", Fold("Müller")], surnames.Folded); // "muller" where the runtime decomposes accents
        Assert.Same(words, TypedFacets.WordsOf(paper.Title));
        Assert.Same(surnames, TypedFacets.SurnamesOf(paper.Authors));
    }

    /// <summary>The matcher as it was before <see cref="TypedFacets"/>: surnames, folds and title words derived on every call.</summary>
    private static double ReferenceScore(string typed, string key, Paper paper, double shortWeight, int shortLength)
    {
        if (typed.Length == 0)
        {
            return 0;
        }

        if (key.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
        {
            return 1.0;
        }

        double best = 0;
        if (key.Contains(typed, StringComparison.OrdinalIgnoreCase))
        {
            best = 0.8;
        }

        var needle = typed.ToLowerInvariant();
        if (needle.Length >= 2)
        {
            foreach (var author in paper.Authors)
            {
                var surname = PaperDisplay.Surname(author);
                if (surname.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || Fold(surname).StartsWith(needle, StringComparison.Ordinal))
                {
                    best = Math.Max(best, 0.8);
                    break;
                }
            }

            foreach (var word in Words(paper.Title))
            {
                if (word.StartsWith(needle, StringComparison.Ordinal))
                {
                    best = Math.Max(best, word.Length == needle.Length ? 0.8 : 0.75);
                }
                else if (needle.Length >= 4 && word.Contains(needle, StringComparison.Ordinal))
                {
                    best = Math.Max(best, 0.5);
                }
            }
        }

        if (best < 0.6)
        {
            best = Math.Max(best, Subsequence(needle, key.ToLowerInvariant()) * 0.6);
        }

        return typed.Length <= shortLength ? best * shortWeight : best;
    }

    private static double Subsequence(string needle, string key)
    {
        if (needle.Length < 2 || key.Length == 0 || char.ToLowerInvariant(key[0]) != needle[0])
        {
            return 0;
        }

        var k = 0;
        var firstMatch = -1;
        foreach (var ch in needle)
        {
            while (k < key.Length && key[k] != ch)
            {
                k++;
            }

            if (k >= key.Length)
            {
                return 0;
            }

            firstMatch = firstMatch < 0 ? k : firstMatch;
            k++;
        }

        return (double)needle.Length / (k - firstMatch);
    }

    private static IEnumerable<string> Words(string title)
    {
        var start = -1;
        for (var i = 0; i <= title.Length; i++)
        {
            var isWordChar = i < title.Length && char.IsLetterOrDigit(title[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                yield return title[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }

    private static string Fold(string text)
    {
        var normalized = text.Normalize(System.Text.NormalizationForm.FormD);
        var builder = new System.Text.StringBuilder(normalized.Length);
        foreach (var ch in normalized)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) != System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
        }

        return builder.ToString();
    }
}
