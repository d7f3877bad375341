using System.Text;
using System.Text.Json;
using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.Tokenization;

/// <summary>
/// SentencePiece unigram tokenizer over a <c>vocab.json</c> list of <c>[piece, score]</c> pairs (the form the
/// Universal Sentence Encoder TF.js packages ship). Text is NFKC-normalised (no lower-casing), whitespace runs
/// become one <c>▁</c> with one <c>▁</c> prepended, and the segmentation with the highest total score is found by
/// Viterbi. Characters no piece covers become id <see cref="UnknownId"/>; consecutive unknowns merge into one.
/// </summary>
public sealed class SentencePieceUnigramTokenizer : ITextTokenizer
{
    public const int UnknownId = 0;
    public const char WordBoundary = '\u2581';

    /// <summary>Pieces with a longer id than this many chars are never matched (SentencePiece pieces are short).</summary>
    private const int MaxPieceChars = 32;
    private const float UnknownPenalty = 10f;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly float[] _scores;
    private readonly int _longestPiece;
    private readonly float _unknownScore;

    private SentencePieceUnigramTokenizer(Dictionary<string, int> pieces, float[] scores, int maxTokens, int repairedScores)
    {
        _lookup = pieces.GetAlternateLookup<ReadOnlySpan<char>>();
        _scores = scores;
        _longestPiece = pieces.Keys.Max(p => p.Length);
        _unknownScore = pieces.Values.Min(id => scores[id]) - UnknownPenalty;
        MaxTokens = maxTokens;
        VocabularySize = scores.Length;
        RepairedScoreCount = repairedScores;
    }

    public int MaxTokens { get; }

    /// <summary>Number of entries in the vocabulary (ids run 0..VocabularySize-1).</summary>
    public int VocabularySize { get; }

    /// <summary>
    /// How many pieces had a missing or impossible (≥ 0) score in the file and got the score of the piece before
    /// them instead (SentencePiece lists pieces by descending score). The USE-Lite vocab.json has a few such
    /// pieces around ':' that were damaged when it was converted to JSON.
    /// </summary>
    public int RepairedScoreCount { get; }

    public static SentencePieceUnigramTokenizer FromVocabJson(string path, int maxTokens = 128)
    {
        using var stream = File.OpenRead(path);
        return FromVocabJson(stream, maxTokens);
    }

    public static SentencePieceUnigramTokenizer FromVocabJson(Stream stream, int maxTokens = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException($"SentencePiece vocab.json is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.GetArrayLength() == 0)
            {
                throw new ModelFormatException("SentencePiece vocab.json must be a non-empty array of [piece, score] pairs");
            }

            var entries = doc.RootElement.EnumerateArray().ToArray();
            var scores = new float[entries.Length];
            var pieces = new Dictionary<string, int>(entries.Length, StringComparer.Ordinal);
            var repaired = 0;
            var previousScore = 0f;
            for (var id = 0; id < entries.Length; id++)
            {
                var entry = entries[id];
                if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() < 1 || entry[0].ValueKind != JsonValueKind.String)
                {
                    throw new ModelFormatException($"vocab.json entry {id} is not a [piece, score] pair");
                }

                var piece = entry[0].GetString()!;
                var hasScore = entry.GetArrayLength() > 1 && entry[1].ValueKind == JsonValueKind.Number;
                var score = hasScore ? entry[1].GetSingle() : float.NaN;
                if (IsControlPiece(id, piece))
                {
                    scores[id] = 0f;
                    continue;
                }

                if (!hasScore || score >= 0f || !float.IsFinite(score))
                {
                    score = previousScore;
                    repaired++;
                }

                scores[id] = score;
                previousScore = score;
                if (piece.Length is > 0 and <= MaxPieceChars)
                {
                    pieces.TryAdd(piece, id);
                }
            }

            if (pieces.Count == 0)
            {
                throw new ModelFormatException("SentencePiece vocab.json holds no usable pieces");
            }

            return new SentencePieceUnigramTokenizer(pieces, scores, maxTokens, repaired);
        }
    }

    public int[] Encode(string text)
    {
        var normalized = Normalize(text, MaxTokens * MaxPieceChars);
        if (normalized.Length <= 1)
        {
            return [];
        }

        var ids = Viterbi(normalized);
        return ids.Count > MaxTokens ? ids.GetRange(0, MaxTokens).ToArray() : ids.ToArray();
    }

    /// <summary>The text as the model sees it: NFKC, whitespace runs → one ▁, one leading ▁ (empty text → "").</summary>
    public static string Normalize(string text, int maxChars = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Bound the work on huge inputs: 128 tokens never need more than a few thousand characters.
        var limited = text.Length > maxChars * 2L ? text[..(int)Math.Min(text.Length, maxChars * 2L)] : text;
        var normalized = ManagedNfkc.Normalize(ReplaceLoneSurrogates(limited));
        var builder = new StringBuilder(normalized.Length + 1);
        builder.Append(WordBoundary);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 1;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(WordBoundary);
                pendingSpace = false;
            }

            builder.Append(c);
            if (builder.Length >= maxChars)
            {
                break;
            }
        }

        return builder.Length == 1 ? "" : builder.ToString();
    }

    private static bool IsControlPiece(int id, string piece) =>
        id == UnknownId || piece is "<s>" or "</s>" or "<unk>" or "<pad>" || piece.StartsWith("extra_token_id_", StringComparison.Ordinal);

    private static string ReplaceLoneSurrogates(string text)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var valid = !char.IsSurrogate(c) || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]));
            if (char.IsHighSurrogate(c) && valid)
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (!valid)
            {
                builder ??= new StringBuilder(text, 0, i, text.Length);
                builder.Append('\uFFFD');
            }
            else
            {
                builder?.Append(c);
            }
        }

        return builder?.ToString() ?? text;
    }

    private List<int> Viterbi(string text)
    {
        var n = text.Length;
        var best = new float[n + 1];
        var backPiece = new int[n + 1];
        var backStart = new int[n + 1];
        Array.Fill(best, float.NegativeInfinity);
        best[0] = 0f;
        var span = text.AsSpan();
        for (var start = 0; start < n; start++)
        {
            if (float.IsNegativeInfinity(best[start]) || char.IsLowSurrogate(text[start]))
            {
                continue;
            }

            var codePointLength = char.IsHighSurrogate(text[start]) && start + 1 < n ? 2 : 1;
            var coveredSingleCharacter = false;
            var maxLength = Math.Min(_longestPiece, n - start);
            for (var length = 1; length <= maxLength; length++)
            {
                var end = start + length;
                if (end < n && char.IsLowSurrogate(text[end]))
                {
                    continue;
                }

                if (!_lookup.TryGetValue(span.Slice(start, length), out var id))
                {
                    continue;
                }

                coveredSingleCharacter |= length == codePointLength;
                var score = best[start] + _scores[id];
                if (score > best[end])
                {
                    best[end] = score;
                    backPiece[end] = id;
                    backStart[end] = start;
                }
            }

            if (!coveredSingleCharacter)
            {
                var end = start + codePointLength;
                var score = best[start] + _unknownScore;
                if (score > best[end])
                {
                    best[end] = score;
                    backPiece[end] = UnknownId;
                    backStart[end] = start;
                }
            }
        }

        var reversed = new List<int>();
        for (var position = n; position > 0; position = backStart[position])
        {
            reversed.Add(backPiece[position]);
        }

        var ids = new List<int>(reversed.Count);
        for (var i = reversed.Count - 1; i >= 0; i--)
        {
            var id = reversed[i];
            if (id == UnknownId && ids.Count > 0 && ids[^1] == UnknownId)
            {
                continue;
            }

            ids.Add(id);
        }

        return ids;
    }
}
