namespace PaperLsp.Features.Completion;

/// <summary>
/// How completion ranks candidates before anything is typed: a sentence match
/// (<see cref="Catalog"/> × the catalog's rank score + <see cref="Local"/> × the local lexical score among the candidates
/// + <see cref="Meaning"/> × the model's similarity + <see cref="Name"/> × a named method/dataset in the title), multiplied
/// by a workspace prior (1 + <see cref="Bib"/> for .bib entries + <see cref="Cited"/> for papers already cited +
/// <see cref="Nearby"/> when cited in the same paragraph). The prior scales the match, so an unrelated .bib entry stays
/// below a clearly matching paper. Chosen with <c>paperlsp eval --typing</c> on the tuning papers (see README).
/// </summary>
public sealed record CompletionWeights
{
    public double Catalog { get; init; } = 0.5;
    public double Local { get; init; } = 1.5;
    public double Meaning { get; init; } = 1.0;
    public double Name { get; init; } = 2.0;
    public double Bib { get; init; } = 2.0;
    public double Cited { get; init; } = 0.3;
    public double Nearby { get; init; } = 0.3;

    /// <summary>
    /// Before anything is typed, a key already cited earlier in the same sentence has its prior multiplied by 1 − this (once
    /// its key is typed it ranks as any other): writers list different
    /// papers in one sentence ("CoT \citep{a}, ReAct \citep{b}, ToT \citep{"). 1 (not offered before typing) was best
    /// on the tuning papers (hit@1 0.429 → 0.516; see README for the held-out paper).
    /// </summary>
    public double Again { get; init; } = 1.0;

    /// <summary>Weight of a name written earlier in the sentence than the last three words (the one just before weighs 1).</summary>
    public double FartherName { get; init; } = 0.2;

    /// <summary>Local BM25 of the whole paragraph (not only the sentence) among the candidates, added to the match.</summary>
    public double Paragraph { get; init; }

    /// <summary>Local BM25 of the current section's title among the candidates, added to the match.</summary>
    public double Section { get; init; }

    /// <summary>The model's similarity to the document's own title and abstract (a topic prior), added to the match.</summary>
    public double Topic { get; init; }

    /// <summary>
    /// Hubness penalty: a paper's similarity to content-free citing sentences (<see cref="Hubness"/>), times this, is
    /// subtracted from its similarity to the sentence, so a generic paper close to everything stops topping every list.
    /// </summary>
    public double Hub { get; init; }

    /// <summary>
    /// Once a key is typed, a candidate scores typed match × (<see cref="Typed"/> + <see cref="Sentence"/> × its
    /// sentence score): what was typed filters and weighs, the sentence orders.
    /// </summary>
    public double Typed { get; init; } = 1.0;

    /// <summary>See <see cref="Typed"/>.</summary>
    public double Sentence { get; init; } = 1.0;

    public static CompletionWeights Default { get; } = new();

    /// <summary>"catalog=1,local=1,bib=1,…" (names as the properties, case-insensitive); unknown names throw.</summary>
    public static CompletionWeights Parse(string? text)
    {
        var w = Default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return w;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length != 2 || !double.TryParse(pair[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"completion weight '{part}': expected name=number");
            }

            w = pair[0].ToLowerInvariant() switch
            {
                "catalog" => w with { Catalog = value },
                "local" => w with { Local = value },
                "meaning" => w with { Meaning = value },
                "name" => w with { Name = value },
                "bib" => w with { Bib = value },
                "cited" => w with { Cited = value },
                "nearby" => w with { Nearby = value },
                "again" => w with { Again = value },
                "farthername" => w with { FartherName = value },
                "paragraph" => w with { Paragraph = value },
                "section" => w with { Section = value },
                "topic" => w with { Topic = value },
                "hub" => w with { Hub = value },
                "typed" => w with { Typed = value },
                "sentence" => w with { Sentence = value },
                _ => throw new FormatException($"unknown completion weight '{pair[0]}'"),
            };
        }

        return w;
    }
}
