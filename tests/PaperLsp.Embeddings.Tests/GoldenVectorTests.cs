using System.Text.Json;
using PaperLsp.Embeddings.Tokenization;
using PaperLsp.TestSupport;
using Xunit.Abstractions;

namespace PaperLsp.Embeddings.Tests;

/// <summary>The converted model and our tokenizer against shared/models/use-lite/golden.json (values from the original model).</summary>
public sealed class GoldenVectorTests(ITestOutputHelper output)
{
    public static TheoryData<string> GoldenTexts()
    {
        var data = new TheoryData<string>();
        var path = Path.Combine(SharedData.Directory ?? "", "models", "use-lite", "golden.json");
        if (File.Exists(path))
        {
            foreach (var entry in Load(path))
            {
                data.Add(entry.Text);
            }
        }
        else
        {
            data.Add("(golden.json absent)");
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(GoldenTexts))]
    public void Tokenizer_matches_golden_ids(string text)
    {
        var golden = RequireGolden(text);
        var tokenizer = SentencePieceUnigramTokenizer.FromVocabJson(Path.Combine(PreparedModel.RequireDirectory(), "vocab.json"));
        Assert.Equal(golden.Ids, tokenizer.Encode(text));
    }

    [SkippableTheory]
    [MemberData(nameof(GoldenTexts))]
    public void Embedding_matches_golden_first_values(string text)
    {
        var golden = RequireGolden(text);
        var embedder = PreparedModel.RequireEmbedder();
        var vector = embedder.Embed(text);

        var maxAbsDiff = golden.First8.Select((g, i) => Math.Abs(g - vector[i])).Max();
        var cosine = Cosine(golden.First8, vector.AsSpan(0, golden.First8.Length).ToArray());
        output.WriteLine($"{text}: max |diff| {maxAbsDiff:G3}, cosine of first 8 {cosine:F7}");
        Assert.True(maxAbsDiff < 1e-4f, $"max |diff| {maxAbsDiff}");
        Assert.True(cosine > 0.9999, $"cosine {cosine}");
        Assert.Equal(512, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 4);
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }

    private static GoldenEntry RequireGolden(string text)
    {
        var path = SharedData.RequireOrSkip("models/use-lite/golden.json");
        return Load(path).Single(e => e.Text == text);
    }

    private static List<GoldenEntry> Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray().Select(e => new GoldenEntry(
            e.GetProperty("text").GetString()!,
            e.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            e.GetProperty("first8").EnumerateArray().Select(x => x.GetSingle()).ToArray())).ToList();
    }

    private sealed record GoldenEntry(string Text, int[] Ids, float[] First8);
}
