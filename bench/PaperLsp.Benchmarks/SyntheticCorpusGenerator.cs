using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>synth [--from CORPUS] [--out PATH] [--count N] [--seed S]</c>: writes an N-record JSONL.gz in the record format of
/// papers-237k.jsonl.gz (arxiv_id, title, abstract, authors, date, source) by recombining real titles, abstract
/// sentences and author lists from the source corpus. Deterministic for a given source and seed. Ids are new
/// (years 27xx onwards, five-digit numbers) so they never collide with real arXiv ids.
/// </summary>
internal static class SyntheticCorpusGenerator
{
    public static int Run(string[] args)
    {
        var from = BenchArgs.Value(args, "--from") ?? SharedPaths.Corpus237k();
        var output = BenchArgs.Value(args, "--out") ?? Path.Combine(Path.GetTempPath(), "paperlsp-synthetic-1m.jsonl.gz");
        var count = int.Parse(BenchArgs.Value(args, "--count") ?? "1000000", CultureInfo.InvariantCulture);
        var seed = int.Parse(BenchArgs.Value(args, "--seed") ?? "20261123", CultureInfo.InvariantCulture);
        if (from is null || !File.Exists(from))
        {
            Console.Error.WriteLine("synth: source corpus not found (pass --from papers.jsonl.gz, or put shared/ beside the checkout)");
            return 1;
        }

        if (count is <= 0 or > 9_900_000)
        {
            Console.Error.WriteLine("synth: --count must be between 1 and 9,900,000");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        var parts = SourceParts.Read(from);
        Console.WriteLine($"synth: {parts.Titles.Count:N0} titles, {parts.Sentences.Count:N0} abstract sentences, {parts.AuthorLists.Count:N0} author lists from {from} ({clock.Elapsed.TotalSeconds:F1} s)");
        if (parts.Titles.Count < 2 || parts.Sentences.Count < 2)
        {
            Console.Error.WriteLine("synth: the source corpus has too few titles or abstract sentences to recombine");
            return 1;
        }

        Write(parts, output, count, seed);
        Console.WriteLine($"synth: wrote {count:N0} records to {output} ({new FileInfo(output).Length / 1048576.0:F0} MiB) in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>Writes <paramref name="count"/> recombined records.</summary>
    public static void Write(SourceParts parts, string output, int count, int seed)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        using var file = File.Create(output);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var json = new Utf8JsonWriter(gzip, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var newline = "\n"u8.ToArray();
        for (var i = 0; i < count; i++)
        {
            // 100,000 ids per month: 2701.00000 … 2712.99999, then 2801 …
            var month = i / 100_000;
            var year = 27 + month / 12;
            var yymm = year * 100 + month % 12 + 1;
            json.WriteStartObject();
            json.WriteString("arxiv_id", string.Create(CultureInfo.InvariantCulture, $"{yymm:D4}.{i % 100_000:D5}"));
            json.WriteString("title", Title(parts, random));
            json.WriteString("abstract", Abstract(parts, random));
            json.WriteStartArray("authors");
            // About half of the real records have no authors; keep a similar share.
            if (random.Next(2) == 0 && parts.AuthorLists.Count > 0)
            {
                foreach (var author in parts.AuthorLists[random.Next(parts.AuthorLists.Count)])
                {
                    json.WriteStringValue(author);
                }
            }

            json.WriteEndArray();
            json.WriteString("date", string.Create(CultureInfo.InvariantCulture, $"20{year:D2}-{month % 12 + 1:D2}-{random.Next(1, 29):D2}"));
            json.WriteString("source", "synthetic");
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            gzip.Write(newline);
        }
    }

    private static string Title(SourceParts parts, Random random)
    {
        var a = parts.Titles[random.Next(parts.Titles.Count)];
        var b = parts.Titles[random.Next(parts.Titles.Count)];
        // A real title's head ("Name:" or its first words) joined to another title's tail.
        var colon = a.IndexOf(": ", StringComparison.Ordinal);
        var head = colon > 0 && colon < 40 ? a[..(colon + 1)] : FirstWords(a, Math.Max(1, CountWords(a) / 2));
        var tail = LastWords(b, Math.Max(2, CountWords(b) / 2));
        return head + " " + tail;
    }

    private static string Abstract(SourceParts parts, Random random)
    {
        var sentences = random.Next(3, 9);
        var text = new StringBuilder();
        for (var s = 0; s < sentences; s++)
        {
            if (s > 0)
            {
                text.Append(' ');
            }

            text.Append(parts.Sentences[random.Next(parts.Sentences.Count)]);
        }

        return text.ToString();
    }

    private static int CountWords(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string FirstWords(string text, int n) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(n));

    private static string LastWords(string text, int n)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Skip(Math.Max(0, words.Length - n)));
    }

    /// <summary>Titles, abstract sentences and author lists read from a JSONL(.gz) corpus.</summary>
    internal sealed class SourceParts
    {
        public List<string> Titles { get; } = [];

        public List<string> Sentences { get; } = [];

        public List<string[]> AuthorLists { get; } = [];

        public static SourceParts Read(string path)
        {
            var parts = new SourceParts();
            using var file = File.OpenRead(path);
            using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                try
                {
                    using var doc = JsonDocument.Parse(line);
                    var root = doc.RootElement;
                    if (root.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } t)
                    {
                        parts.Titles.Add(string.Join(' ', t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
                    }

                    if (root.TryGetProperty("abstract", out var @abstract) && @abstract.GetString() is { Length: > 0 } a)
                    {
                        foreach (var sentence in string.Join(' ', a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Split(". "))
                        {
                            if (sentence.Length >= 20)
                            {
                                parts.Sentences.Add(sentence.EndsWith('.') ? sentence : sentence + ".");
                            }
                        }
                    }

                    if (root.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array && authors.GetArrayLength() > 0)
                    {
                        parts.AuthorLists.Add([.. authors.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]);
                    }
                }
                catch (JsonException)
                {
                    // Dirty lines are skipped: the generator only needs material to recombine.
                }
            }

            return parts;
        }
    }
}
