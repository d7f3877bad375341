using System.Text.Json;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Citations;
using PaperLsp.Features.Context;
using PaperLsp.Features.Diagnostics;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.TestSupport;

namespace PaperLsp.Features.Tests;

/// <summary>End-to-end checks on the three real LaTeX papers in shared/latex (skipped when shared/ is absent).</summary>
public sealed class RealPaperTests
{
    public static TheoryData<string> Papers => new()
    {
        "codescout-code-search-agents",
        "evolution-momentum-inference-scaling",
        "solvability-boundaries-reasoning",
    };

    [SkippableTheory]
    [MemberData(nameof(Papers))]
    public void ScannerFindsEveryCitedKeyAndTheBibDefinesThem(string paper)
    {
        var (texFiles, bibFiles, expectedKeys) = Load(paper);
        var bibliography = new WorkspaceBibliography();
        foreach (var bib in bibFiles)
        {
            bibliography.Update(bib, File.ReadAllText(bib));
        }

        var found = new HashSet<string>(StringComparer.Ordinal);
        var contexts = 0;
        var withWords = 0;
        var diagnostics = new CitationDiagnostics(new FakePaperCatalog(), bibliography);
        foreach (var tex in texFiles)
        {
            var text = File.ReadAllText(tex);
            found.UnionWith(CitationScanner.CitedKeys(text, DocumentLanguage.Latex));
            Assert.Empty(diagnostics.Compute(text, DocumentLanguage.Latex).Select(d => d.Key));
            foreach (var command in CitationScanner.FindAll(text, DocumentLanguage.Latex))
            {
                var context = WritingContextExtractor.Extract(text, command.Start, DocumentLanguage.Latex);
                Assert.DoesNotContain("\\cite", context.Query, StringComparison.Ordinal);
                contexts++;
                withWords += context.Query.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 5 ? 1 : 0;
            }
        }

        Assert.Empty(expectedKeys.Except(found));
        Assert.True(withWords >= contexts * 0.9, $"only {withWords} of {contexts} citing contexts have at least 5 words");
    }

    private static (string[] Tex, string[] Bib, HashSet<string> Keys) Load(string paper)
    {
        var folder = SharedData.RequireOrSkip(Path.Combine("latex", paper));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "citation_overlap.json")));
        var files = json.RootElement.GetProperty("summary").GetProperty("files_used").EnumerateArray()
            .Select(f => Path.Combine(folder, "src", f.GetString()!)).ToList();
        var keys = json.RootElement.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).ToHashSet(StringComparer.Ordinal);
        return (files.Where(f => f.EndsWith(".tex", StringComparison.Ordinal)).ToArray(), files.Where(f => f.EndsWith(".bib", StringComparison.Ordinal)).ToArray(), keys);
    }
}
