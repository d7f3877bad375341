using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests.Features;

/// <summary>
/// Headless Neovim (tests/nvim/lifecycle.lua) on a real paper from shared/latex copied into a temp workspace (so its
/// .bib is in the workspace), with the sample index: completion in an existing \cite, hover on a cited key, code
/// actions on a sentence.
/// </summary>
public sealed partial class NeovimFeatureTests(SampleIndexFixture index) : IClassFixture<SampleIndexFixture>
{
    [SkippableFact]
    public async Task Neovim_gets_bib_keys_in_completion_the_entry_title_on_hover_and_cite_related_actions()
    {
        var nvim = HeadlessNeovim.FindOrSkip();
        var (texFile, bib, bibKeys) = PaperWorkspace("nvim-");

        var lines = File.ReadAllLines(texFile);
        var citeLine = Array.FindIndex(lines, l => !l.TrimStart().StartsWith('%') && l.Contains("~\\citep{", StringComparison.Ordinal));
        var citeCharacter = lines[citeLine].IndexOf("~\\citep{", StringComparison.Ordinal) + "~\\citep{".Length;
        var citedKey = lines[citeLine][citeCharacter..].Split(',', '}')[0].Trim();
        var title = bib.Entries.First(e => e.Key == citedKey).Get("title")!;
        var proseLine = Array.FindIndex(lines, l => l.StartsWith("To address these limitations", StringComparison.Ordinal));
        Assert.True(proseLine >= 0 && citedKey.Length > 0);

        var requests = new JsonArray(
            Request("textDocument/completion", citeLine, citeCharacter),
            Request("textDocument/hover", citeLine, citeCharacter + 1),
            Request("textDocument/codeAction", proseLine, 0, new JsonObject
            {
                ["range"] = new JsonObject
                {
                    ["start"] = new JsonObject { ["line"] = proseLine, ["character"] = 0 },
                    ["end"] = new JsonObject { ["line"] = proseLine, ["character"] = 120 },
                },
                ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
            }));

        var report = await RunAsync(nvim, texFile, requests, new JsonObject { ["indexPath"] = index.IndexPath });

        Assert.True(report.GetProperty("ok").GetBoolean(), report.ToString());
        Assert.Equal("ready", report.GetProperty("status").GetProperty("state").GetString());
        var answers = report.GetProperty("requests").EnumerateArray().ToList();
        Assert.All(answers, a => Assert.True(a.GetProperty("completed").GetBoolean(), a.ToString()));

        var completion = answers[0].GetProperty("result");
        var labels = completion.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("label").GetString()!).ToList();
        Assert.True(labels.Count(bibKeys.Contains) >= 5, $"completion offers keys of the paper's .bib: {string.Join(", ", labels.Take(10))}");
        Assert.True(completion.GetProperty("isIncomplete").GetBoolean());

        var hover = answers[1].GetProperty("result").GetProperty("contents").GetProperty("value").GetString()!;
        foreach (var word in Words().Matches(title).Select(m => m.Value).Where(w => w.Length >= 4).Take(3))
        {
            Assert.Contains(word, hover, StringComparison.OrdinalIgnoreCase);
        }

        var actions = answers[2].GetProperty("result").EnumerateArray().Select(a => a.GetProperty("title").GetString()!).ToList();
        Assert.Contains(actions, t => t.StartsWith("Cite related: ", StringComparison.Ordinal));
        Assert.Contains(actions, t => t.StartsWith("Show related papers", StringComparison.Ordinal));
        Assert.True(report.GetProperty("exited").GetBoolean());
    }

    [SkippableFact]
    public async Task Neovim_on_the_paper_joined_into_one_two_megabyte_line_still_gets_bib_keys_and_the_entry_title_on_hover()
    {
        var nvim = HeadlessNeovim.FindOrSkip();
        var (texFile, bib, bibKeys) = PaperWorkspace("nvim-long-");

        // The paper as one line: comments removed, lines joined with spaces, the body repeated to 2.2 MB.
        var joined = LongLatexLine.JoinLines(File.ReadAllText(texFile));
        var begin = joined.IndexOf("\\begin{document}", StringComparison.Ordinal) + "\\begin{document}".Length;
        var end = joined.LastIndexOf("\\end{document}", StringComparison.Ordinal);
        var line = new System.Text.StringBuilder(joined[..begin]);
        while (line.Length < 2_200_000)
        {
            line.Append(joined[begin..end]);
        }

        var text = line.Append(joined[end..]).ToString();
        File.WriteAllText(texFile, text);
        var citeCharacter = text.IndexOf("~\\citep{", text.Length / 2, StringComparison.Ordinal) + "~\\citep{".Length;
        var citedKey = text[citeCharacter..].Split(',', '}')[0].Trim();
        var title = bib.Entries.First(e => e.Key == citedKey).Get("title")!;
        Assert.DoesNotContain('\n', text);
        Assert.True(text.Length > 2_200_000 && citedKey.Length > 0);

        var requests = new JsonArray(
            Request("textDocument/completion", 0, citeCharacter),
            Request("textDocument/hover", 0, citeCharacter + 1));
        var report = await RunAsync(nvim, texFile, requests, new JsonObject { ["indexPath"] = index.IndexPath });

        Assert.True(report.GetProperty("ok").GetBoolean(), report.ToString());
        var answers = report.GetProperty("requests").EnumerateArray().ToList();
        Assert.All(answers, a => Assert.True(a.GetProperty("completed").GetBoolean(), a.ToString()));
        var completion = answers[0].GetProperty("result");
        var items = completion.GetProperty("items").EnumerateArray().ToList();
        var labels = items.Select(i => i.GetProperty("label").GetString()!).ToList();
        Assert.True(labels.Count(bibKeys.Contains) >= 5, $"completion offers keys of the paper's .bib: {string.Join(", ", labels.Take(10))}");

        // The edit replaces exactly the key at the cursor, in document coordinates (not the window's).
        var range = items[0].GetProperty("textEdit").GetProperty("range");
        Assert.Equal(citeCharacter, range.GetProperty("start").GetProperty("character").GetInt32());
        Assert.Equal(citeCharacter + citedKey.Length, range.GetProperty("end").GetProperty("character").GetInt32());

        var hover = answers[1].GetProperty("result");
        var hoverText = hover.GetProperty("contents").GetProperty("value").GetString()!;
        foreach (var word in Words().Matches(title).Select(m => m.Value).Where(w => w.Length >= 4).Take(3))
        {
            Assert.Contains(word, hoverText, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(citeCharacter, hover.GetProperty("range").GetProperty("start").GetProperty("character").GetInt32());
        Assert.True(report.GetProperty("exited").GetBoolean());
    }

    private static JsonObject Request(string method, int line, int character, JsonObject? parameters = null)
    {
        var request = new JsonObject { ["method"] = method, ["line"] = line, ["character"] = character };
        if (parameters is not null)
        {
            request["params"] = parameters;
        }

        return request;
    }

    private static async Task<JsonElement> RunAsync(string nvim, string file, JsonArray requests, JsonObject settings)
    {
        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        var resultPath = Path.Combine(Path.GetTempPath(), $"paperlsp-nvim-features-{Guid.NewGuid():N}.json");
        var start = HeadlessNeovim.Lifecycle(nvim, dll, file, requests, resultPath);
        start.Environment["PAPERLSP_NVIM_INIT_OPTIONS"] = settings.ToJsonString();
        start.Environment["PAPERLSP_NVIM_WAIT_READY"] = "1";

        // "ready" comes after the real model is loaded and the warm-up has embedded its sentences: seconds when idle,
        // longer on a machine busy with other builds.
        start.Environment["PAPERLSP_NVIM_TIMEOUT_MS"] = "90000";
        try
        {
            return await HeadlessNeovim.RunAsync(start, resultPath, TimeSpan.FromSeconds(120));
        }
        finally
        {
            File.Delete(resultPath);
        }
    }

    /// <summary>
    /// The evolution paper from shared/latex copied into a fresh folder beside the index (so its .bib is in the
    /// workspace): its .tex file, its parsed .bib and the .bib's keys; skips the test where the paper is absent.
    /// </summary>
    private (string TexFile, BibtexFile Bib, HashSet<string> BibKeys) PaperWorkspace(string prefix)
    {
        var source = Path.Combine(SharedData.RequireOrSkip("latex"), "evolution-momentum-inference-scaling", "src");
        Skip.IfNot(Directory.Exists(source), "shared/latex/evolution-momentum-inference-scaling/src is absent: test skipped");
        var workspace = Path.Combine(index.Folder, prefix + Guid.NewGuid().ToString("N")[..8]);
        CopyFolder(source, workspace);
        var bib = BibtexParser.Parse(File.ReadAllText(Path.Combine(workspace, "emnlp2026.bib")), "emnlp2026.bib");
        return (Path.Combine(workspace, "emnlp2026.tex"), bib, bib.Entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();
}
