using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Editing;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.Retrieval;
using PaperLsp.Storage;
using PaperLsp.TestSupport;
using Xunit.Abstractions;

namespace PaperLsp.Features.Tests;

/// <summary>
/// The entries the edit policy writes for 200 random index papers (the 237k corpus sample plus the seed listings),
/// run through the real tools: bibtex with plain.bst and plainnat.bst (\nocite{*}) and biber: zero errors. Warnings
/// are counted and printed. Skipped with a message when bibtex/biber are not installed (.ci/run installs them) or
/// ../shared is absent.
/// </summary>
public sealed partial class BibtexToolsTests(ITestOutputHelper output) : IDisposable
{
    private const int Papers = 200;
    private readonly TempFolder temp = new("paperlsp-bibtex");

    [SkippableFact]
    public void Entries_for_200_random_index_papers_pass_bibtex_plain_plainnat_and_biber_without_errors()
    {
        Skip.If(FindTool("bibtex") is null || FindTool("biber") is null, "bibtex or biber is not installed (apt-get install texlive-binaries biber texlive-bibtex-extra): test skipped");
        var corpus = SharedData.RequireOrSkip(Path.Combine("corpus", "papers-237k.jsonl.gz"));

        // 150 random records of the 237k corpus (fixed seed) + the seed listings, indexed as the server indexes them
        var sample = Path.Combine(temp.Path, "sample.jsonl");
        File.WriteAllLines(sample, Sample(corpus, 150, new Random(20261201)));
        using var store = PaperStore.Open(Path.Combine(temp.Path, "index.db"));
        new PaperIndexer(store).Index([sample, Path.Combine(SharedData.RepoRoot, "samples", "corpus")]);
        var all = store.AllPapers().ToList();
        var random = new Random(7);
        List<StoredPaper> chosen = [.. all.OrderBy(_ => random.Next()).Take(Papers)];
        using var catalog = new HybridPaperCatalog(store, null);

        // each entry appended through the policy, as completion's addBibEntry does
        var texPath = Path.Combine(temp.Path, "main.tex");
        var bibPath = Path.Combine(temp.Path, "refs.bib");
        File.WriteAllText(bibPath, "");
        var bibliography = new WorkspaceBibliography();
        bibliography.Update(bibPath, "");
        var document = new EditedDocument(texPath, "\\documentclass{article}\n\\begin{document}\n\\nocite{*}\n\\bibliography{refs}\n\\end{document}\n", DocumentLanguage.Latex);
        var authorless = 0;
        foreach (var stored in chosen)
        {
            var policy = new CitationEditPolicy(catalog, bibliography);
            var key = policy.KeyFor(stored);
            var plan = policy.BibEntryOnly(document, key);
            Assert.Null(plan.Problem);
            var text = bibliography.GetText(bibPath)!;
            bibliography.Update(bibPath, TextEdit.Apply(text, plan.Edits.Single(e => e.Path == bibPath).Edits));
            authorless += stored.Paper.Authors.Count == 0 ? 1 : 0;
        }

        var bib = bibliography.GetText(bibPath)!;
        File.WriteAllText(bibPath, bib);
        Assert.Equal(Papers, bibliography.Entries.Count);
        Assert.Empty(bibliography.ProblemsIn(bibPath));

        foreach (var style in new[] { "plain", "plainnat" })
        {
            File.WriteAllText(Path.Combine(temp.Path, style + ".aux"), $"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n");
            var (code, log) = Run("bibtex", style);
            var errors = Count(log, ErrorCount());
            var warnings = Count(log, WarningCount());
            var kinds = WarningLine().Matches(log).Select(m => Regex.Replace(m.Groups[1].Value, " in [^ ]+$", "")).GroupBy(w => w).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()}× {g.Key}");
            output.WriteLine($"bibtex {style}: exit {code}, {errors} errors, {warnings} warnings ({string.Join("; ", kinds)}); {authorless} of {Papers} papers have no authors in the index");
            Assert.True(errors == 0 && code is 0 or 1, $"bibtex {style} reported errors:\n{log}");
        }

        var (biberCode, biberLog) = Run("biber", "--tool --validate-datamodel refs.bib");
        var biberErrors = biberLog.Split('\n').Count(l => l.StartsWith("ERROR", StringComparison.Ordinal));
        var biberWarnings = biberLog.Split('\n').Count(l => l.StartsWith("WARN", StringComparison.Ordinal));
        output.WriteLine($"biber --tool --validate-datamodel: exit {biberCode}, {biberErrors} errors, {biberWarnings} warnings");
        foreach (var line in biberLog.Split('\n').Where(l => l.StartsWith("WARN", StringComparison.Ordinal)).Take(5))
        {
            output.WriteLine("  " + line);
        }

        Assert.True(biberCode == 0 && biberErrors == 0, $"biber reported errors:\n{biberLog}");
    }

    public void Dispose() => temp.Dispose();

    private static IEnumerable<string> Sample(string gz, int count, Random random)
    {
        // reservoir sampling over the whole file: every record equally likely
        var reservoir = new List<string>(count);
        using var stream = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var seen = 0;
        while (reader.ReadLine() is { } line)
        {
            seen++;
            if (reservoir.Count < count)
            {
                reservoir.Add(line);
            }
            else if (random.Next(seen) is var slot && slot < count)
            {
                reservoir[slot] = line;
            }
        }

        return reservoir;
    }

    private (int Code, string Log) Run(string tool, string arguments)
    {
        var start = new ProcessStartInfo(FindTool(tool)!, arguments)
        {
            WorkingDirectory = temp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit(120_000);
        return (process.ExitCode, stdout.Result + stderr);
    }

    private static string? FindTool(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static int Count(string log, Regex pattern) =>
        pattern.Match(log) is { Success: true } m ? (m.Groups[1].Value == "was 1" ? 1 : int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)) : 0;

    private static Regex ErrorCount() => new(@"\(There (was 1|were (\d+)) error message");

    private static Regex WarningCount() => new(@"\(There (was 1|were (\d+)) warning");

    [GeneratedRegex(@"^Warning--(.+)$", RegexOptions.Multiline)]
    private static partial Regex WarningLine();
}
