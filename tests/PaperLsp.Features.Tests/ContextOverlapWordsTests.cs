using CsCheck;
using PaperLsp.Features.Papers;

namespace PaperLsp.Features.Tests;

/// <summary>
/// <see cref="ContextOverlap.Words"/> lower-cases and stems each word in place and hands back the string kept from the
/// last time that word was seen: the words must be exactly those of lower-casing and stemming a substring (the
/// reference kept here), and a word seen again must be the same string object (no new allocation per keystroke).
/// </summary>
[Collection(SharedWordTableCollection.Name)]
public sealed class ContextOverlapWordsTests
{
    private static readonly Gen<string> Token = Gen.OneOf(
        Gen.Const("Reasoning"), Gen.Const("models"), Gen.Const("MODELS"), Gen.Const("processes"), Gen.Const("classes"), Gen.Const("glass"),
        Gen.Const("Über"), Gen.Const("İstanbul"), Gen.Const("ΣΟΦΙΑ"), Gen.Const("the"), Gen.Const("is"), Gen.Const("running"), Gen.Const("ing"),
        Gen.Const("sings"), Gen.Const("thinking-step"), Gen.Const("Approaches"), Gen.Const("METHODS"), Gen.Const("works"), Gen.Const("Prior"), Gen.Const(new string('x', 70) + "ING"), Gen.Const(new string('A', 64) + "s"),
        Gen.String[Gen.Char["aeinsgABSÉü0-"], 1, 10]);

    private static readonly Gen<string> Text = Gen.Select(Token.Array[0, 25], Gen.OneOf(Gen.Const(" "), Gen.Const(", "), Gen.Const(".\n"))).Select((t, sep) => string.Join(sep, t));

    [Fact]
    public void Words_equal_lower_casing_and_stemming_each_substring()
    {
        Text.Sample(text =>
        {
            var expected = ReferenceWords(text).ToList();
            Assert.Equal(expected, ContextOverlap.Words(text).ToList());
            Assert.Equal(expected, ContextOverlap.Words(new string(text.AsSpan())).ToList());
        });
    }

    [Fact]
    public void A_word_seen_again_is_the_same_string()
    {
        var first = ContextOverlap.Words("Searching trees of thoughts").ToList();
        var again = ContextOverlap.Words("thoughts: searching TREES").ToList();

        Assert.Equal(["search", "tre", "thought"], first); // the light stemmer's "trees"
        Assert.Same(first[2], again[0]);
        Assert.Same(first[0], again[1]);
        Assert.Same(first[1], again[2]);
    }

    [Fact]
    public void Words_that_share_a_slot_are_each_still_right()
    {
        // Far more distinct words than the table has slots: each replaces another's slot, and every word comes back
        // equal to the reference, whether it was kept or made afresh.
        var words = Enumerable.Range(0, 300_000).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x").ToList();
        var text = string.Join(' ', words);
        Assert.Equal(ReferenceWords(text), ContextOverlap.Words(text));
        Assert.Equal(ReferenceWords(text), ContextOverlap.Words(text));
    }

    /// <summary>The words as computed before: each run of letters and digits of 3+ characters, lower-cased, stemmed, stop words left out.</summary>
    private static IEnumerable<string> ReferenceWords(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                if (i - start >= 3)
                {
                    var word = Stem(text[start..i].ToLowerInvariant());
                    if (!ContextOverlap.IsStopWord(word))
                    {
                        yield return word;
                    }
                }

                start = -1;
            }
        }
    }

    private static string Stem(string word)
    {
        if (word.Length > 5 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            return word[..^3];
        }

        if (word.Length > 4 && word.EndsWith("es", StringComparison.Ordinal) && !word.EndsWith("ses", StringComparison.Ordinal))
        {
            return word[..^2];
        }

        if (word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal))
        {
            return word[..^1];
        }

        return word;
    }
}
