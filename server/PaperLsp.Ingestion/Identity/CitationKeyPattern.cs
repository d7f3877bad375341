using System.Globalization;
using System.Text;

namespace PaperLsp.Ingestion.Identity;

/// <summary>
/// A Better BibTeX-like citation key pattern: alternatives separated by <c>|</c>, each a sequence of literal key
/// characters (letters, digits, <c>_ - : .</c>) and fields in brackets. The first alternative whose fields all yield text
/// is used; a field written with a trailing <c>?</c> (<c>[year?]</c>) may be empty without disqualifying its alternative.
/// Fields: <c>[auth]</c> the first author's family name (ASCII, lower case, particles dropped); <c>[year]</c> the
/// record's year, else the year of its arXiv id (<c>2401.01055</c> → 2024); <c>[shorttitle:N]</c> the first N (1–9, default
/// 1) significant title words (stop words and number-only words skipped). Every field yields lower-case ASCII.
/// The default, <see cref="DefaultText"/>, gives <c>vaswani2017attention</c> with authors and
/// <c>largelanguagemodels2024</c> (three title words + year) without.
/// </summary>
public sealed class CitationKeyPattern
{
    /// <summary>The pattern used when none is configured.</summary>
    public const string DefaultText = "[auth][year?][shorttitle:1?] | [shorttitle:3][year?] | paper[year?]";

    private CitationKeyPattern(string text, IReadOnlyList<IReadOnlyList<Part>> alternatives)
    {
        Text = text;
        Alternatives = alternatives;
    }

    /// <summary>The default pattern (<see cref="DefaultText"/>).</summary>
    public static CitationKeyPattern Default { get; } = Parse(DefaultText);

    /// <summary>The pattern as written (trimmed): what the index remembers and compares.</summary>
    public string Text { get; }

    internal IReadOnlyList<IReadOnlyList<Part>> Alternatives { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static CitationKeyPattern Parse(string text) =>
        TryParse(text, out var pattern, out var error) ? pattern : throw new FormatException(error);

    /// <summary>Parses <paramref name="text"/>, or says in <paramref name="error"/> (one sentence) why it is not a pattern.</summary>
    public static bool TryParse(string? text, out CitationKeyPattern pattern, out string error)
    {
        pattern = null!;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = "the citation key pattern is empty";
            return false;
        }

        var alternatives = new List<IReadOnlyList<Part>>();
        foreach (var alternative in trimmed.Split('|'))
        {
            var parts = new List<Part>();
            var literal = new StringBuilder();
            var body = alternative.Trim();
            for (var i = 0; i < body.Length; i++)
            {
                var c = body[i];
                if (c == '[')
                {
                    var close = body.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        error = $"unclosed '[' in citation key pattern '{trimmed}'";
                        return false;
                    }

                    if (literal.Length > 0)
                    {
                        parts.Add(new Part(PartKind.Literal, literal.ToString(), 0, false));
                        literal.Clear();
                    }

                    if (!TryField(body[(i + 1)..close], out var field, out error))
                    {
                        return false;
                    }

                    parts.Add(field);
                    i = close;
                }
                else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':' or '.')
                {
                    literal.Append(c);
                }
                else
                {
                    error = $"'{c}' cannot appear in a citation key (pattern '{trimmed}'; literal text may use letters, digits, _ - : .)";
                    return false;
                }
            }

            if (literal.Length > 0)
            {
                parts.Add(new Part(PartKind.Literal, literal.ToString(), 0, false));
            }

            if (parts.Count == 0)
            {
                error = $"citation key pattern '{trimmed}' has an empty alternative";
                return false;
            }

            alternatives.Add(parts);
        }

        pattern = new CitationKeyPattern(trimmed, alternatives);
        error = "";
        return true;
    }

    private static bool TryField(string spec, out Part field, out string error)
    {
        field = default;
        error = "";
        var text = spec.Trim();
        var optional = text.EndsWith('?');
        if (optional)
        {
            text = text[..^1];
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var argument = colon < 0 ? null : text[(colon + 1)..].Trim();
        switch (name)
        {
            case "auth":
            case "year":
                if (argument is not null)
                {
                    error = $"[{spec}] takes no argument";
                    return false;
                }

                field = new Part(name == "auth" ? PartKind.Auth : PartKind.Year, "", 0, optional);
                return true;
            case "shorttitle":
                var count = 1;
                if (argument is not null && !(int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count is >= 1 and <= 9))
                {
                    error = $"[{spec}]: the number of title words must be 1 to 9";
                    return false;
                }

                field = new Part(PartKind.ShortTitle, "", count, optional);
                return true;
            default:
                error = $"unknown field [{spec}] in citation key pattern (known: [auth], [year], [shorttitle:N]; a trailing ? makes a field optional)";
                return false;
        }
    }

    internal enum PartKind
    {
        Literal,
        Auth,
        Year,
        ShortTitle,
    }

    internal readonly record struct Part(PartKind Kind, string Literal, int Count, bool Optional);
}
