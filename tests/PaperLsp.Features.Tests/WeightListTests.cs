using System.Globalization;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Text;
using PaperLsp.Retrieval;

namespace PaperLsp.Features.Tests;

/// <summary>The one "name=number,…" parser (<see cref="WeightList"/>) and the two weight records that use it.</summary>
public sealed class WeightListTests
{
    private static readonly Dictionary<string, Func<(double A, double B), double, (double A, double B)>> Setters = new()
    {
        ["alpha"] = (w, v) => w with { A = v },
        ["beta"] = (w, v) => w with { B = v },
    };

    [Theory]
    [InlineData(null, 1, 2)]
    [InlineData("", 1, 2)]
    [InlineData("  ", 1, 2)]
    [InlineData("alpha=3", 3, 2)]
    [InlineData(" ALPHA = 0.5 , beta=-1e-1 ", 0.5, -0.1)]
    [InlineData("alpha=3,alpha=4,", 4, 2)]
    public void Pairs_apply_in_order_over_the_start_value(string? text, double a, double b) =>
        Assert.Equal((a, b), WeightList.Parse(text, (1.0, 2.0), Setters, "test weight"));

    [Theory]
    [InlineData("alpha", "test weight 'alpha': expected name=number")]
    [InlineData("alpha=", "test weight 'alpha=': expected name=number")]
    [InlineData("=1", "test weight '=1': expected name=number")]
    [InlineData("alpha=1,5", "test weight '5': expected name=number")]
    [InlineData("alpha=NaN", "test weight 'alpha=NaN': expected name=number")]
    [InlineData("gamma=1", "unknown test weight 'gamma' (known: alpha, beta)")]
    public void A_malformed_pair_or_an_unknown_name_is_named(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => WeightList.Parse(text, (1.0, 2.0), Setters, "test weight")).Message);

    [Fact]
    public void Every_completion_weight_can_be_set_by_its_name()
    {
        var properties = typeof(CompletionWeights).GetProperties().Where(p => p.PropertyType == typeof(double)).ToList();
        Assert.True(properties.Count >= 18, $"{properties.Count} weights");
        for (var i = 0; i < properties.Count; i++)
        {
            var value = 10.0 + i;
            var parsed = CompletionWeights.Parse($"{properties[i].Name.ToLowerInvariant()}={value.ToString(CultureInfo.InvariantCulture)}");
            Assert.Equal(value, (double)properties[i].GetValue(parsed)!);
            foreach (var other in properties.Where(p => p != properties[i]))
            {
                Assert.Equal(other.GetValue(CompletionWeights.Default), other.GetValue(parsed));
            }
        }
    }

    [Fact]
    public void Retrieval_weights_parse_through_the_same_rules()
    {
        var w = RetrievalWeights.Parse("Lexical=0.5,rerank=0.3,vectorupto=1000,k=30");
        Assert.Equal(RetrievalWeights.Default with { Lexical = 0.5, VectorRerank = 0.3, VectorRankingUpTo = 1000, RrfK = 30 }, w);
        Assert.Same(RetrievalWeights.Default, RetrievalWeights.Parse(""));
        Assert.StartsWith("unknown retrieval weight 'list'", Assert.Throws<FormatException>(() => RetrievalWeights.Parse("list=1")).Message, StringComparison.Ordinal);
        Assert.StartsWith("unknown completion weight 'rerank'", Assert.Throws<FormatException>(() => CompletionWeights.Parse("rerank=1")).Message, StringComparison.Ordinal);
    }
}
