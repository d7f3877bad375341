using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Context;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.TestSupport.Fuzz;

/// <summary>
/// Fuzz drivers for every parser, shared by the test suite (small counts) and the bench mode (10,000 cases and more).
/// A case is a seed document mutated by truncations, byte flips, insertions, deletions, duplications and invalid
/// UTF-8, or random text. Each parser must not throw (content errors go to the problem callback), must not hang,
/// must give the same answer twice, and its results must be well-formed. A failure names the seed and the case.
/// </summary>
public static class ParserFuzz
{
    /// <summary>How long one case may take before it counts as a hang.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    private static readonly string[] CitationFragments =
    [
        "\\cite{", "\\citep[see][p.~3]{", "\\citet*{", "\\nocite{", "\\autocite[", "]", "}", "{", ",", " ", "\n", "\r\n", "%", "\\",
        "smith2020known", "doe:2019-other", "a_b", "😀", "é", "[@", "@", "; @", "-@", "#cite(<", ">)", "<", "\"", "$", "$$", "`", "```",
        "\\begin{verbatim}", "\\end{verbatim}", "\\begin{lstlisting}", "\\end{lstlisting}", "\\verb|", "|", "Sentence. ", "Another one.",
    ];

    /// <summary>Runs <paramref name="cases"/> mutated cases of one ingestion format; returns how many papers they yielded in all.</summary>
    public static long RunSourceFormat(SourceFormat format, byte[] seedDocument, int cases, int seed)
    {
        var random = new Random(seed);
        long papers = 0;
        for (var i = 0; i < cases; i++)
        {
            var input = random.Next(20) == 0 ? RandomBytes(random) : Mutate(seedDocument, random);
            try
            {
                var first = Bounded(() => ParseTitles(input, format));
                var second = ParseTitles(input, format);
                Expect(first.SequenceEqual(second), format, seed, i, "two parses of the same bytes differ");
                papers += first.Count;
            }
            catch (Exception e) when (e is not FuzzFailureException)
            {
                throw new FuzzFailureException($"{format} fuzz seed {seed}, case {i}: threw {e}");
            }
        }

        return papers;
    }

    /// <summary>
    /// Runs <paramref name="cases"/> cases of the citation scanner and the writing-context extraction of one
    /// language: every key span lies inside its slot and the text, its text is its key; the site under a random
    /// cursor covers the cursor; the context's query comes out without throwing.
    /// </summary>
    public static long RunCitationScanner(DocumentLanguage language, string? seedDocument, int cases, int seed)
    {
        var random = new Random(seed);
        long keys = 0;
        for (var i = 0; i < cases; i++)
        {
            var text = seedDocument is not null && random.Next(2) == 0
                ? Encoding.UTF8.GetString(Mutate(Encoding.UTF8.GetBytes(Window(seedDocument, random)), random))
                : RandomCitationText(random);
            try
            {
                var commands = Bounded(() => CitationScanner.FindAll(text, language, ["mycite"]));
                foreach (var command in commands)
                {
                    Expect(command.Start >= 0 && command.Start <= command.End && command.End <= text.Length, language, seed, i, $"command range {command.Start}..{command.End} outside the text");
                    foreach (var key in command.Keys)
                    {
                        Expect(key.SlotStart <= key.Start && key.Start <= key.End && key.End <= key.SlotEnd && key.SlotStart >= 0 && key.SlotEnd <= text.Length,
                            language, seed, i, $"key span {key.SlotStart}..{key.Start}..{key.End}..{key.SlotEnd} out of order");
                        Expect(text[key.Start..key.End] == key.Key, language, seed, i, $"key '{key.Key}' is not the text at {key.Start}..{key.End}");
                        keys++;
                    }
                }

                var offset = random.Next(text.Length + 1);
                var site = CitationSiteFinder.Find(text, offset, language, ["mycite"]);
                if (site is not null)
                {
                    Expect(site.ReplaceStart <= offset && offset <= site.ReplaceEnd && site.ReplaceEnd <= text.Length, language, seed, i, $"site {site.ReplaceStart}..{site.ReplaceEnd} does not cover the cursor {offset}");
                    Expect(text[site.ReplaceStart..offset] == site.Prefix, language, seed, i, "the prefix is not the text before the cursor");
                }

                var context = WritingContextExtractor.Extract(text, offset, language, ["mycite"]);
                Expect(context.Query is not null, language, seed, i, "no query");
            }
            catch (Exception e) when (e is not FuzzFailureException)
            {
                throw new FuzzFailureException($"{language} citation fuzz seed {seed}, case {i}, text {Quote(text)}: threw {e}");
            }
        }

        return keys;
    }

    /// <summary>The seed mutated 1–6 times, each mutation drawn from <paramref name="random"/> (as the overload that takes the mutations).</summary>
    public static byte[] Mutate(byte[] seedDocument, Random random)
    {
        var count = random.Next(1, 7);
        var mutations = new (int Kind, double Position, double Length, byte Value)[count];
        for (var m = 0; m < count; m++)
        {
            mutations[m] = (random.Next(MutationKinds), random.NextDouble(), random.NextDouble(), (byte)random.Next(256));
        }

        return Mutate(seedDocument, mutations);
    }

    /// <summary>The number of mutation kinds: truncate, flip, insert, delete, duplicate, invalid UTF-8.</summary>
    public const int MutationKinds = 6;

    /// <summary>
    /// The seed with the mutations applied in order. Each is a kind (0 truncate, 1 flip a byte, 2 insert a run of
    /// <c>Value</c>, 3 delete, 4 duplicate a span, 5 insert invalid UTF-8), a position and a span length as fractions
    /// (0..1) of the current data (spans up to 512 bytes), and a byte value.
    /// </summary>
    public static byte[] Mutate(byte[] seedDocument, IEnumerable<(int Kind, double Position, double Length, byte Value)> mutations)
    {
        ArgumentNullException.ThrowIfNull(seedDocument);
        ArgumentNullException.ThrowIfNull(mutations);
        var data = new List<byte>(seedDocument);
        foreach (var (kind, position, length, value) in mutations)
        {
            var at = Math.Clamp((int)(position * data.Count), 0, data.Count);
            var span = 1 + (int)(Math.Clamp(length, 0, 1) * Math.Min(512, data.Count));
            switch (kind)
            {
                case 0:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 1:
                    if (at < data.Count)
                    {
                        data[at] ^= (byte)(value | 1);
                    }

                    break;
                case 2:
                    data.InsertRange(at, Enumerable.Repeat(value, span % 17));
                    break;
                case 3:
                    data.RemoveRange(at, Math.Min(span, data.Count - at));
                    break;
                case 4:
                    var copy = data.GetRange(at, Math.Min(span, data.Count - at));
                    data.InsertRange(Math.Min(data.Count, at + copy.Count), copy);
                    break;
                default:
                    byte[] invalid = [0xC3, 0x28, 0xE2, 0x82, 0xFF, 0xFE, 0x80];
                    data.InsertRange(at, invalid.Take(1 + (span % invalid.Length)));
                    break;
            }
        }

        return [.. data];
    }

    /// <summary>
    /// A Hugging Face papers page cut to about <paramref name="maxBytes"/> with its <c>DailyPapers</c> data payload kept
    /// whole: the payload's paper list is shortened, largest papers first (and re-escaped as the page escapes it), instead of the page being cut
    /// through it, so that mutations land inside an intact payload and the parser's payload path is fuzzed, not only
    /// its fallback to the rendered cards. A page without a payload is cut at <paramref name="maxBytes"/>.
    /// </summary>
    public static byte[] HuggingFaceHtmlSeed(byte[] page, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(page);
        var html = Encoding.UTF8.GetString(page);
        const string Marker = "data-target=\"DailyPapers\"";
        const string PropsStart = "data-props=\"";
        var target = html.IndexOf(Marker, StringComparison.Ordinal);
        var divStart = target < 0 ? -1 : html.LastIndexOf("<div", target, StringComparison.Ordinal);
        var propsStart = target < 0 ? -1 : html.IndexOf(PropsStart, target, StringComparison.Ordinal);
        var propsEnd = propsStart < 0 ? -1 : html.IndexOf('"', propsStart + PropsStart.Length);
        if (divStart < 0 || propsEnd < 0)
        {
            return page.Length > maxBytes ? page[..maxBytes] : page;
        }

        var props = JsonNode.Parse(WebUtility.HtmlDecode(html[(propsStart + PropsStart.Length)..propsEnd]))!.AsObject();
        var papers = props["dailyPapers"]?.AsArray() ?? [];
        var tail = html[propsEnd..];
        var budget = maxBytes / 2; // the other half: the page around the payload (head, rendered cards)
        string payload;
        do
        {
            payload = WebUtility.HtmlEncode(props.ToJsonString());
            if (Encoding.UTF8.GetByteCount(payload) <= budget || papers.Count <= 2)
            {
                break;
            }

            // Drop the largest paper first (one entry of a real page can hold most of the payload).
            var largest = Enumerable.Range(0, papers.Count).MaxBy(i => papers[i]?.ToJsonString().Length ?? 0);
            papers.RemoveAt(largest);
        }
        while (true);

        // The page's start up to the payload's div (cut), the div's opening tag, the payload, and what follows (cut).
        var opening = html[divStart..propsStart] + PropsStart;
        var around = Math.Max(0, (maxBytes - Encoding.UTF8.GetByteCount(opening + payload)) / 2);
        var keptHead = PrefixWithin(html[..divStart], around);
        var keptTail = PrefixWithin(tail, around);
        return Encoding.UTF8.GetBytes(keptHead + opening + payload + keptTail);
    }

    /// <summary>The longest start of <paramref name="text"/> whose UTF-8 form fits in <paramref name="maxBytes"/> (never splitting a surrogate pair).</summary>
    private static string PrefixWithin(string text, int maxBytes)
    {
        var length = Math.Min(text.Length, maxBytes);
        int over;
        while ((over = Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) - maxBytes) > 0)
        {
            length -= Math.Max(1, over / 3); // a char takes at most 3 bytes (a surrogate pair 4 for 2 chars)
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length];
    }

    private static List<string> ParseTitles(byte[] input, SourceFormat format)
    {
        var problems = new List<ParseProblem>();
        using var stream = new MemoryStream(input);
        var titles = new List<string>();
        foreach (var paper in SourceReader.Read(stream, "fuzz", format, problems.Add))
        {
            if (paper.Title is null || paper.Abstract is null)
            {
                throw new FuzzFailureException($"{format}: a paper without title or abstract text");
            }

            titles.Add(paper.Title);
        }

        return titles;
    }

    private static T Bounded<T>(Func<T> run)
    {
        var task = Task.Run(run);
        if (!task.Wait(HangLimit))
        {
            throw new FuzzFailureException($"did not finish within {HangLimit.TotalSeconds} s (hang)");
        }

        return task.Result;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 2000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomCitationText(Random random)
    {
        var text = new StringBuilder();
        var count = random.Next(0, 30);
        for (var i = 0; i < count; i++)
        {
            text.Append(CitationFragments[random.Next(CitationFragments.Length)]);
        }

        return text.ToString();
    }

    private static string Window(string text, Random random)
    {
        var start = random.Next(text.Length + 1);
        return text.Substring(start, Math.Min(text.Length - start, random.Next(0, 4000)));
    }

    private static string Quote(string text) => text.Length > 400 ? text[..400] + "…" : text;

    private static void Expect(bool condition, object subject, int seed, int index, string message)
    {
        if (!condition)
        {
            throw new FuzzFailureException($"{subject} fuzz seed {seed}, case {index}: {message}");
        }
    }
}
