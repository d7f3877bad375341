using System.Globalization;
using PaperLsp.Embeddings;
using PaperLsp.Embeddings.Models;
using PaperLsp.Storage;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>synthetic-vectors --index DB [--model NAME|DIR] [--leave N] [--seed S]</c>: SYNTHETIC vectors for measuring
/// memory and latency only — a random unit vector for every paper that has none for the model, written through the
/// store's own <c>PutVectors</c> under the model's real id (so the server loads them as its own), leaving the last N
/// papers without a vector (the server's background embedder then embeds those for real during a session); where fewer
/// than N papers lack one, the vectors of the last papers are removed first so that N are left.
/// Rankings on such an index mean nothing; quality is measured with <c>paperlsp eval</c> on real vectors.
/// </summary>
internal static class SyntheticVectorsBenchmark
{
    public static int Run(string[] args)
    {
        var index = BenchArgs.Value(args, "--index");
        var leave = int.Parse(BenchArgs.Value(args, "--leave") ?? "0", CultureInfo.InvariantCulture);
        var random = new Random(int.Parse(BenchArgs.Value(args, "--seed") ?? "1", CultureInfo.InvariantCulture));
        var location = ModelLocator.Resolve(BenchArgs.Value(args, "--model"));
        if (index is null || !File.Exists(index) || location is null)
        {
            Console.Error.WriteLine("synthetic-vectors: --index must name an existing index, and the model must be available");
            return 1;
        }

        ModelInfo info;
        using (var model = OnnxTextEmbedder.Open(location, new EmbedderOptions { Provider = Embeddings.Runtime.ExecutionProviderPreference.Cpu }))
        {
            info = model.Info;
        }

        using var store = PaperStore.Open(index, createIfMissing: false);
        store.UpsertModel(info.Id, info.Name, info.Dimension, info.Sha256);
        var pending = store.PendingEmbeddings(info.Id).Select(p => (p.Id, p.ContentHash)).ToList();
        var removed = 0;
        if (pending.Count < leave)
        {
            // An index whose papers (nearly) all have vectors already, such as the one a previous run left: take the vectors
            // of the last papers away, so that the server really has LEAVE papers to embed during the session.
            removed = RemoveLastVectors(index, info.Id, leave - pending.Count);
            pending = store.PendingEmbeddings(info.Id).Select(p => (p.Id, p.ContentHash)).ToList();
        }

        var toWrite = pending.Take(Math.Max(0, pending.Count - leave)).ToList();
        var written = 0;
        foreach (var chunk in toWrite.Chunk(4096))
        {
            written += store.PutVectors(info.Id, chunk.Select(p => (p.Id, p.ContentHash, RandomUnit(random, info.Dimension))));
        }

        if (removed > 0)
        {
            Console.WriteLine($"synthetic-vectors: removed the vectors of the last {removed:N0} papers (fewer than {leave:N0} had none) so that {leave:N0} are left to embed");
        }

        Console.WriteLine($"synthetic-vectors: SYNTHETIC random unit vectors written for {written:N0} papers under {info.Id} ({info.Dimension}-d); " +
                          $"{pending.Count - toWrite.Count:N0} left for the real embedder; {store.VectorCount(info.Id):N0} vectors in the index");
        return 0;
    }

    /// <summary>Deletes the vectors of the <paramref name="count"/> papers with the highest ids that have one for the model.</summary>
    private static int RemoveLastVectors(string index, string modelId, int count)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={index};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM vectors WHERE rowid IN (
              SELECT v.rowid FROM vectors v JOIN models m ON m.id = v.model WHERE m.model_id = $model ORDER BY v.paper_id DESC LIMIT $count)
            """;
        command.Parameters.AddWithValue("$model", modelId);
        command.Parameters.AddWithValue("$count", count);
        return command.ExecuteNonQuery();
    }

    private static float[] RandomUnit(Random random, int dimension)
    {
        var v = new float[dimension];
        var norm = 0.0;
        for (var i = 0; i < dimension; i++)
        {
            // Box-Muller: Gaussian components give directions uniform on the sphere.
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            v[i] = (float)g;
            norm += g * g;
        }

        var inverse = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < dimension; i++)
        {
            v[i] *= inverse;
        }

        return v;
    }
}
