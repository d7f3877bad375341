using System.Text.Json;
using PaperLsp.Embeddings.Models;

namespace PaperLsp.Embeddings.UseLite;

/// <summary>
/// Reads the weights of a TensorFlow.js graph model: <c>model.json</c>'s <c>weightsManifest</c> lists groups of
/// shard files whose concatenated bytes hold the weights back to back, in manifest order.
/// </summary>
public static class TfjsWeightsReader
{
    public static IReadOnlyDictionary<string, TfjsWeight> Read(string modelDirectory)
    {
        var modelJsonPath = Path.Combine(modelDirectory, "model.json");
        if (!File.Exists(modelJsonPath))
        {
            throw new ModelFormatException($"no model.json in '{modelDirectory}' (expected a TensorFlow.js graph model)");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(modelJsonPath));
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException($"'{modelJsonPath}' is not valid JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("weightsManifest", out var manifest) || manifest.ValueKind != JsonValueKind.Array)
            {
                throw new ModelFormatException($"'{modelJsonPath}' has no weightsManifest array");
            }

            var weights = new Dictionary<string, TfjsWeight>(StringComparer.Ordinal);
            foreach (var group in manifest.EnumerateArray())
            {
                ReadGroup(modelDirectory, group, weights);
            }

            return weights;
        }
    }

    private static void ReadGroup(string directory, JsonElement group, Dictionary<string, TfjsWeight> weights)
    {
        using var data = new MemoryStream();
        foreach (var path in group.GetProperty("paths").EnumerateArray())
        {
            var relative = path.GetString() ?? "";
            var full = Path.GetFullPath(Path.Combine(directory, relative));
            if (!full.StartsWith(Path.GetFullPath(directory), StringComparison.Ordinal) || !File.Exists(full))
            {
                throw new ModelFormatException($"weight shard '{relative}' is missing or outside the model folder");
            }

            using var shard = File.OpenRead(full);
            shard.CopyTo(data);
        }

        var bytes = data.GetBuffer();
        long offset = 0;
        foreach (var weight in group.GetProperty("weights").EnumerateArray())
        {
            var name = weight.GetProperty("name").GetString() ?? throw new ModelFormatException("weight without a name");
            var dtype = weight.GetProperty("dtype").GetString() ?? "";
            if (weight.TryGetProperty("quantization", out var q) && q.ValueKind != JsonValueKind.Null)
            {
                throw new ModelFormatException($"weight '{name}' is quantized; quantized TF.js weights are not supported");
            }

            var elementSize = dtype switch
            {
                "float32" or "int32" => 4,
                "bool" => 1,
                _ => throw new ModelFormatException($"weight '{name}' has unsupported dtype '{dtype}'"),
            };
            var shape = weight.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var length = count * elementSize;
            if (offset + length > data.Length)
            {
                throw new ModelFormatException($"weight shards end before weight '{name}' ({data.Length} bytes, need {offset + length})");
            }

            weights[name] = new TfjsWeight(name, shape, dtype, bytes.AsSpan((int)offset, (int)length).ToArray());
            offset += length;
        }
    }
}
