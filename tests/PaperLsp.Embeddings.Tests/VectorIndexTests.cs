using CsCheck;
using PaperLsp.Embeddings.Vectors;
using Xunit.Abstractions;

namespace PaperLsp.Embeddings.Tests;

public sealed class VectorIndexTests(ITestOutputHelper output)
{
    private static readonly Gen<(int Dimension, float[] Matrix, float[] Query, int K)> Cases =
        from dimension in Gen.Int[1, 40]
        from rows in Gen.Int[0, 300]
        from matrix in Gen.Float[-1f, 1f].Array[rows * dimension]
        from query in Gen.Float[-1f, 1f].Array[dimension]
        from k in Gen.Int[0, 25]
        select (dimension, matrix, query, k);

    [Fact]
    public void Exact_search_equals_a_naive_loop()
    {
        Cases.Sample(c =>
        {
            var index = VectorIndex.FromMatrix(c.Matrix, c.Dimension);
            var hits = index.Search(c.Query, c.K);
            var naive = NaiveTopK(c.Matrix, c.Dimension, c.Query, c.K);
            AssertSameRanking(naive, hits);
        });
    }

    [Fact]
    public void Quantized_search_with_full_rescoring_equals_a_naive_loop()
    {
        Cases.Sample(c =>
        {
            var index = QuantizedVectorIndex.FromIndex(VectorIndex.FromMatrix(c.Matrix, c.Dimension));
            // With k × r ≥ rows every row is re-scored exactly.
            var hits = index.Search(c.Query, c.K, rescoreFactor: Math.Max(1, c.Matrix.Length / c.Dimension));
            AssertSameRanking(NaiveTopK(c.Matrix, c.Dimension, c.Query, c.K), hits);
        });
    }

    [Fact]
    public void Sign_bit_search_with_every_row_as_candidate_equals_a_naive_loop()
    {
        Cases.Sample(c =>
        {
            var index = BinaryVectorIndex.FromIndex(VectorIndex.FromMatrix(c.Matrix, c.Dimension));
            var rows = c.Matrix.Length / c.Dimension;
            AssertSameRanking(NaiveTopK(c.Matrix, c.Dimension, c.Query, c.K), index.Search(c.Query, c.K, candidates: rows));
        });
    }

    [Theory]
    [InlineData(512, 700)] // eight words per code: the unrolled path
    [InlineData(500, 300)]
    [InlineData(64, 1000)]
    public void Sign_bit_search_at_model_sizes_equals_a_naive_loop_when_every_row_is_a_candidate(int dimension, int rows)
    {
        var random = new Random(dimension + rows);
        var matrix = RandomMatrix(random, rows, dimension);
        var index = BinaryVectorIndex.FromIndex(VectorIndex.FromMatrix(matrix, dimension));
        for (var q = 0; q < 5; q++)
        {
            var query = RandomMatrix(random, 1, dimension);
            AssertSameRanking(NaiveTopK(matrix, dimension, query, 10), index.Search(query, 10, candidates: rows));
        }
    }

    [Fact]
    public void Sign_bit_candidates_keep_recall_high_on_clustered_data_and_beat_random_candidates()
    {
        var random = new Random(5);
        const int dimension = 128, rows = 20_000, clusters = 200, queries = 100;
        var centres = RandomMatrix(random, clusters, dimension);
        var matrix = new float[rows * dimension];
        for (var r = 0; r < rows; r++)
        {
            var centre = random.Next(clusters);
            for (var d = 0; d < dimension; d++)
            {
                // An offset shared by every vector: without centring on the mean the sign bits would carry little.
                matrix[(r * dimension) + d] = 0.8f + centres[(centre * dimension) + d] + (0.35f * Gaussian(random));
            }
        }

        var exact = VectorIndex.FromMatrix(matrix, dimension);
        var signs = BinaryVectorIndex.FromIndex(exact);
        double recall = 0;
        for (var q = 0; q < queries; q++)
        {
            var query = exact.GetVector(random.Next(rows)).ToArray();
            var truth = exact.Search(query, 10).Select(h => h.Row).ToHashSet();
            var hits = signs.Search(query, 10, candidates: 400);
            Assert.Equal(10, hits.Length);
            recall += hits.Count(h => truth.Contains(h.Row)) / 10.0;
        }

        recall /= queries;
        output.WriteLine($"recall@10: sign bits, 400 of 20,000 rows re-scored: {recall:F3}");
        Assert.True(recall >= 0.9, $"recall@10 {recall}"); // 400 random candidates would give about 0.02
    }

    [Fact]
    public void Parallel_partitions_give_exactly_the_single_threaded_result()
    {
        var random = new Random(7);
        const int dimension = 16;
        var matrix = RandomMatrix(random, 40_000, dimension);
        var index = VectorIndex.FromMatrix(matrix, dimension);
        var quantized = QuantizedVectorIndex.FromIndex(index);
        for (var q = 0; q < 10; q++)
        {
            var query = RandomMatrix(random, 1, dimension);
            Assert.Equal(index.Search(query, 10, maxDegreeOfParallelism: 1), index.Search(query, 10, maxDegreeOfParallelism: 4));
            Assert.Equal(quantized.Search(query, 10, maxDegreeOfParallelism: 1), quantized.Search(query, 10, maxDegreeOfParallelism: 4));
        }
    }

    [Fact]
    public void Int8_recall_at_10_is_high_on_clustered_data()
    {
        var random = new Random(11);
        const int dimension = 128, rows = 20_000, clusters = 200, queries = 200;
        var centres = RandomMatrix(random, clusters, dimension);
        var matrix = new float[rows * dimension];
        for (var r = 0; r < rows; r++)
        {
            var centre = random.Next(clusters);
            for (var d = 0; d < dimension; d++)
            {
                matrix[(r * dimension) + d] = centres[(centre * dimension) + d] + (0.35f * Gaussian(random));
            }
        }

        var exact = VectorIndex.FromMatrix(matrix, dimension);
        var quantized = QuantizedVectorIndex.FromIndex(exact);
        double recallRescored = 0, recallApproximate = 0;
        for (var q = 0; q < queries; q++)
        {
            var query = exact.GetVector(random.Next(rows)).ToArray();
            for (var d = 0; d < dimension; d++)
            {
                query[d] += 0.2f * Gaussian(random);
            }

            var truth = exact.Search(query, 10).Select(h => h.Row).ToHashSet();
            recallRescored += quantized.Search(query, 10).Count(h => truth.Contains(h.Row)) / 10.0;
            recallApproximate += quantized.SearchApproximate(query, 10).Count(h => truth.Contains(h.Row)) / 10.0;
        }

        recallRescored /= queries;
        recallApproximate /= queries;
        output.WriteLine($"recall@10: int8 + float re-scoring (r=4) {recallRescored:F3}, int8 only {recallApproximate:F3}");
        Assert.True(recallRescored >= 0.9, $"recall@10 {recallRescored}");
        Assert.True(recallRescored >= recallApproximate);
    }

    [Fact]
    public void Int8_dot_equals_the_scalar_sum()
    {
        Gen.Int[0, 300].SelectMany(n => Gen.SByte[-127, 127].Array[n].SelectMany(a => Gen.SByte[-127, 127].Array[n].Select(b => (a, b))))
            .Sample(p =>
            {
                var expected = 0;
                for (var i = 0; i < p.a.Length; i++)
                {
                    expected += p.a[i] * p.b[i];
                }

                Assert.Equal(expected, Int8Dot.Dot(p.a, p.b));
            });
    }

    [Fact]
    public void Quantization_round_trips_within_half_a_step()
    {
        Gen.Float[-3f, 3f].Array[1, 200].Sample(vector =>
        {
            var codes = new sbyte[vector.Length];
            var scale = QuantizedVectorIndex.Quantize(vector, codes);
            for (var i = 0; i < vector.Length; i++)
            {
                Assert.True(Math.Abs((codes[i] * scale) - vector[i]) <= (scale / 2) + 1e-6f);
            }
        });
    }

    [Fact]
    public async Task Adds_grow_the_index_while_searches_run()
    {
        var index = new QuantizedVectorIndex(8, initialCapacity: 2);
        var random = new Random(3);
        var adder = Task.Run(() =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                index.Add(RandomMatrix(random, 1, 8));
            }
        });
        var query = new float[] { 1, 0, 0, 0, 0, 0, 0, 0 };
        while (!adder.IsCompleted)
        {
            var hits = index.Search(query, 5);
            Assert.All(hits, h => Assert.InRange(h.Row, 0, index.Count - 1));
        }

        await adder;
        Assert.Equal(5_000, index.Count);
        Assert.Equal(5_000, index.Exact.Count);
    }

    [Theory]
    [InlineData(1e-30f)]
    [InlineData(-3e-23f)]
    [InlineData(1e25f)]
    [InlineData(float.Epsilon)]
    public void Tiny_and_huge_vectors_normalise_to_unit_length(float scale)
    {
        var index = new VectorIndex(3);
        index.Add([3 * scale, 0f, 4 * scale]);
        var sign = Math.Sign(scale);
        var stored = index.GetVector(0).ToArray();
        Assert.Equal(0.6f * sign, stored[0], 5);
        Assert.Equal(0.8f * sign, stored[2], 5);
    }

    [Fact]
    public void Zero_and_mismatched_vectors()
    {
        var index = new VectorIndex(3);
        Assert.Equal(0, index.Add([0f, 0f, 0f]));
        Assert.Equal(1, index.Add([0f, 3f, 4f]));
        Assert.Equal([0f, 0.6f, 0.8f], index.GetVector(1).ToArray());
        var hits = index.Search([0f, 1f, 0f], 5);
        Assert.Equal([1, 0], hits.Select(h => h.Row));
        Assert.Throws<ArgumentException>(() => index.Add([1f, 2f]));
        Assert.Throws<ArgumentException>(() => index.Search([1f], 1));
        Assert.Empty(index.Search([1f, 0f, 0f], 0));
    }

    private static void AssertSameRanking(VectorHit[] expected, VectorHit[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // Float sums in a different order may swap near-ties; scores must agree position by position.
            Assert.True(Math.Abs(expected[i].Score - actual[i].Score) < 1e-4f, $"rank {i}: {expected[i]} vs {actual[i]}");
            if (i + 1 < expected.Length && Math.Abs(expected[i].Score - expected[i + 1].Score) > 1e-4f && (i == 0 || Math.Abs(expected[i].Score - expected[i - 1].Score) > 1e-4f))
            {
                Assert.Equal(expected[i].Row, actual[i].Row);
            }
        }
    }

    private static VectorHit[] NaiveTopK(float[] matrix, int dimension, float[] query, int k)
    {
        var rows = matrix.Length / dimension;
        var queryNorm = Math.Sqrt(query.Sum(x => (double)x * x));
        var scored = new List<VectorHit>();
        for (var r = 0; r < rows; r++)
        {
            double dot = 0, norm = 0;
            for (var d = 0; d < dimension; d++)
            {
                dot += matrix[(r * dimension) + d] * (double)query[d];
                norm += matrix[(r * dimension) + d] * (double)matrix[(r * dimension) + d];
            }

            var denominator = (norm > 0 ? Math.Sqrt(norm) : 1) * (queryNorm > 0 ? queryNorm : 1);
            scored.Add(new VectorHit(r, (float)(dot / denominator)));
        }

        return scored.OrderByDescending(h => h.Score).ThenBy(h => h.Row).Take(k).ToArray();
    }

    private static float[] RandomMatrix(Random random, int rows, int dimension)
    {
        var data = new float[rows * dimension];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Gaussian(random);
        }

        return data;
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
