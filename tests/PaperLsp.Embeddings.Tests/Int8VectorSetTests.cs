using PaperLsp.Embeddings.Vectors;

namespace PaperLsp.Embeddings.Tests;

/// <summary>The compact int8 vectors: scores close to the exact cosine, and searches that find what an exact scan finds.</summary>
public sealed class Int8VectorSetTests
{
    private static float[] RandomUnit(Random random, int dimension)
    {
        var v = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            v[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    [Fact]
    public void Scores_are_within_a_hundredth_of_the_exact_cosine_and_search_matches_an_exact_scan()
    {
        var random = new Random(7);
        const int dimension = 384;
        var exact = new VectorIndex(dimension);
        var builder = new Int8VectorSet.Builder(dimension, 16);
        for (var i = 0; i < 3000; i++)
        {
            var v = RandomUnit(random, dimension);
            exact.Add(v);
            Assert.Equal(i, builder.Add(v.Select(x => x * 3f).ToArray())); // normalised on the way in
        }

        var set = builder.Build();
        Assert.Equal(3000, set.Count);
        var recalled = 0;
        for (var q = 0; q < 20; q++)
        {
            // A query near a stored vector, as a related-papers lookup is.
            var target = random.Next(3000);
            var query = exact.GetVector(target).ToArray().Zip(RandomUnit(random, dimension), (a, b) => a + (0.5f * b)).ToArray();
            var norm = MathF.Sqrt(query.Sum(x => x * x));
            query = query.Select(x => x / norm).ToArray();

            for (var row = 0; row < 50; row++)
            {
                var cosine = System.Numerics.Tensors.TensorPrimitives.Dot(exact.GetVector(row), query);
                Assert.True(Math.Abs(cosine - set.Score(row, query)) < 0.01, $"row {row}: {cosine} vs {set.Score(row, query)}");
            }

            var truth = exact.Search(query, 10).Select(h => h.Row).ToHashSet();
            var found = set.Search(query, 10, candidates: 600);
            Assert.Equal(10, found.Length);
            Assert.Equal(target, found[0].Row);
            recalled += found.Count(h => truth.Contains(h.Row));
        }

        Assert.True(recalled >= 0.9 * 200, $"recall@10 {recalled / 200.0}");
    }
}
