using System.Diagnostics;
using System.Numerics.Tensors;
using PaperLsp.Embeddings.Vectors;

namespace PaperLsp.Benchmarks;

/// <summary>
/// <c>vectors [rows=237216] [dimension=512] [queries=40]</c>: top-10 latency of exact float32 search (all cores and
/// one core), int8 search with float re-scoring, and a plain scalar loop, over synthetic clustered unit vectors.
/// Prints percentiles, ratios and the int8 recall@10 against exact search.
/// </summary>
internal static class VectorSearchBenchmark
{
    private const int K = 10;

    public static int Run(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 237_216;
        var dimension = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 512;
        var queries = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40;
        Console.WriteLine($"vector search: {rows:N0} × {dimension} float32 ({(long)rows * dimension * 4 / (1 << 20):N0} MiB), top-{K}, {queries} queries, {Environment.ProcessorCount} cores");

        var build = Stopwatch.StartNew();
        var matrix = SyntheticClusteredMatrix(rows, dimension, seed: 1);
        var index = VectorIndex.FromOwnedMatrix(matrix, dimension);
        Console.WriteLine($"built float index in {build.Elapsed.TotalSeconds:F1} s");
        build.Restart();
        var quantized = QuantizedVectorIndex.FromIndex(index);
        Console.WriteLine($"quantized to int8 in {build.Elapsed.TotalSeconds:F1} s ({(long)rows * dimension / (1 << 20):N0} MiB codes)");

        var random = new Random(2);
        var queryVectors = Enumerable.Range(0, queries).Select(_ =>
        {
            var q = index.GetVector(random.Next(rows)).ToArray();
            for (var d = 0; d < dimension; d++)
            {
                q[d] += (random.NextSingle() - 0.5f) * 0.05f;
            }

            return q;
        }).ToArray();

        var truth = queryVectors.Select(q => index.Search(q, K)).ToArray();
        var floatAll = Measure("float32 exact, all cores", queryVectors, q => index.Search(q, K));
        var floatOne = Measure("float32 exact, 1 core", queryVectors, q => index.Search(q, K, maxDegreeOfParallelism: 1));
        var int8All = Measure("int8 + re-score (r=4), all cores", queryVectors, q => quantized.Search(q, K));
        var int8One = Measure("int8 + re-score (r=4), 1 core", queryVectors, q => quantized.Search(q, K, maxDegreeOfParallelism: 1));
        var scalarQueries = queryVectors.Take(Math.Max(3, queries / 4)).ToArray();
        var scalar = Measure("plain scalar loop, 1 core", scalarQueries, q => ScalarTopK(index, q));

        var recall = queryVectors.Select((q, i) => quantized.Search(q, K).Count(h => truth[i].Any(t => t.Row == h.Row)) / (double)K).Average();
        var recallApproximate = queryVectors.Select((q, i) => quantized.SearchApproximate(q, K).Count(h => truth[i].Any(t => t.Row == h.Row)) / (double)K).Average();
        var scalarAgrees = scalarQueries.Select((q, i) => ScalarTopK(index, q).Select(h => h.Row).SequenceEqual(truth[i].Select(h => h.Row))).Count(x => x);
        Console.WriteLine($"median ratios: scalar/float32(all) {scalar / floatAll:F1}×, scalar/float32(1) {scalar / floatOne:F1}×, float32/int8 (all) {floatAll / int8All:F2}×, float32/int8 (1 core) {floatOne / int8One:F2}×");
        Console.WriteLine($"int8 recall@10 vs exact: with re-scoring {recall:F3}, int8 only {recallApproximate:F3}; scalar loop agrees on {scalarAgrees}/{scalarQueries.Length} queries");
        return 0;
    }

    private static double Measure(string label, float[][] queries, Func<float[], VectorHit[]> search)
    {
        search(queries[0]);
        var times = new double[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            var watch = Stopwatch.StartNew();
            search(queries[i]);
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        double P(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
        Console.WriteLine($"{label,-36} p50 {P(0.5),8:F2} ms  p90 {P(0.9),8:F2} ms  p99 {P(0.99),8:F2} ms  mean {times.Average(),8:F2} ms");
        return P(0.5);
    }

    /// <summary>The baseline: a scalar multiply-add per element and a sorted insertion list, one thread.</summary>
    private static VectorHit[] ScalarTopK(VectorIndex index, float[] query)
    {
        var q = query.ToArray();
        var norm = MathF.Sqrt(q.Sum(x => x * x));
        var best = new List<VectorHit>(K + 1);
        for (var row = 0; row < index.Count; row++)
        {
            var v = index.GetVector(row);
            var dot = 0f;
            for (var d = 0; d < v.Length; d++)
            {
                dot += v[d] * q[d];
            }

            dot /= norm;
            if (best.Count < K || dot > best[^1].Score)
            {
                var at = best.FindIndex(h => dot > h.Score);
                best.Insert(at < 0 ? best.Count : at, new VectorHit(row, dot));
                if (best.Count > K)
                {
                    best.RemoveAt(K);
                }
            }
        }

        return [.. best];
    }

    /// <summary>Unit vectors around 2,000 random centres (so neighbours exist), filled in parallel.</summary>
    internal static float[] SyntheticClusteredMatrix(int rows, int dimension, int seed)
    {
        const int clusters = 2_000;
        var centreRandom = new Random(seed);
        var centres = new float[clusters * dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = centreRandom.NextSingle() - 0.5f;
        }

        var matrix = new float[(long)rows * dimension];
        Parallel.For(0, Environment.ProcessorCount, part =>
        {
            var random = new Random(seed + 1 + part);
            var start = (int)((long)rows * part / Environment.ProcessorCount);
            var end = (int)((long)rows * (part + 1) / Environment.ProcessorCount);
            for (var row = start; row < end; row++)
            {
                var target = matrix.AsSpan(row * dimension, dimension);
                var centre = centres.AsSpan(random.Next(clusters) * dimension, dimension);
                for (var d = 0; d < dimension; d++)
                {
                    target[d] = centre[d] + ((random.NextSingle() - 0.5f) * 0.6f);
                }

                TensorPrimitives.Divide(target, TensorPrimitives.Norm(target), target);
            }
        });
        return matrix;
    }
}
