using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests;

/// <summary>
/// Runs the README's Neovim 0.7 configuration exactly as written there (extracted from README.md) in headless Neovim,
/// with <c>paperlsp</c> on PATH and papers in <c>~/papers</c> as the snippet expects, against a real paper from
/// shared/latex; compiles the README's other Neovim snippets (0.8+ and nvim-lspconfig), which Neovim 0.7 cannot run.
/// </summary>
public sealed partial class NeovimReadmeSnippetTests
{
    [GeneratedRegex(@"<!-- (neovim-[a-z0-9.]+) -->\s*```lua\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SnippetPattern();

    /// <summary>The README's Lua blocks by their marker (e.g. neovim-0.7).</summary>
    internal static Dictionary<string, string> ReadmeSnippets()
    {
        var readme = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "README.md"));
        return SnippetPattern().Matches(readme).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
    }

    [Fact]
    public void The_readme_has_the_three_neovim_snippets_and_each_starts_paperlsp_serve_stdio()
    {
        var snippets = ReadmeSnippets();
        Assert.Equal(["neovim-0.7", "neovim-0.8", "neovim-lspconfig"], snippets.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("vim.lsp.start_client(", snippets["neovim-0.7"], StringComparison.Ordinal);
        Assert.Contains("vim.lsp.start(", snippets["neovim-0.8"], StringComparison.Ordinal);
        Assert.Contains("lspconfig", snippets["neovim-lspconfig"], StringComparison.Ordinal);
        foreach (var snippet in snippets.Values)
        {
            Assert.Contains("cmd = { 'paperlsp', 'serve', '--stdio' }", snippet, StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task The_readme_neovim_07_snippet_attaches_one_server_to_tex_and_bib_buffers_and_hovers_a_cited_key()
    {
        Skip.If(OperatingSystem.IsWindows(), "the test puts a shell script named paperlsp on PATH");
        var nvim = HeadlessNeovim.FindOrSkip();
        var paper = Path.Combine(SharedData.RequireOrSkip("latex"), "evolution-momentum-inference-scaling", "src");
        var tex = Path.Combine(paper, "emnlp2026.tex");
        var bib = Path.Combine(paper, "emnlp2026.bib");
        Skip.If(!File.Exists(tex) || !File.Exists(bib), $"{tex} or its .bib is missing: test skipped");

        var lines = File.ReadAllLines(tex);
        var line = Array.FindIndex(lines, l => l.Contains("\\citep{yao2023tree}", StringComparison.Ordinal));
        Assert.True(line >= 0, "the paper no longer cites yao2023tree");
        var character = lines[line].IndexOf("\\citep{yao2023tree}", StringComparison.Ordinal) + "\\citep{".Length + 2;

        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        var home = Directory.CreateTempSubdirectory("paperlsp-nvim-home-").FullName;
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(home, "bin")).FullName;
            var wrapper = Path.Combine(bin, "paperlsp");
            await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec dotnet '{dll}' \"$@\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            var papers = Directory.CreateDirectory(Path.Combine(home, "papers")).FullName;
            File.Copy(bib, Path.Combine(papers, "emnlp2026.bib"));

            var snippets = ReadmeSnippets();
            var snippetFiles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, text) in snippets)
            {
                snippetFiles[name] = Path.Combine(home, name + ".lua");
                await File.WriteAllTextAsync(snippetFiles[name], text);
            }

            var resultPath = Path.Combine(home, "report.json");
            var script = Path.Combine(SharedData.RepoRoot, "tests", "nvim", "readme-snippet.lua");
            var start = new ProcessStartInfo(nvim, ["--headless", "--clean", "-n", "-c", $"luafile {script}"])
            {
                WorkingDirectory = paper,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
            };
            start.Environment["HOME"] = home;
            start.Environment["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share");
            start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            start.Environment["PAPERLSP_NVIM_SNIPPET"] = snippetFiles["neovim-0.7"];
            start.Environment["PAPERLSP_NVIM_PARSE_ONLY"] = new JsonArray(snippetFiles["neovim-0.8"], snippetFiles["neovim-lspconfig"]).ToJsonString();
            start.Environment["PAPERLSP_NVIM_FILE"] = tex;
            start.Environment["PAPERLSP_NVIM_SECOND_FILE"] = bib;
            start.Environment["PAPERLSP_NVIM_HOVER"] = new JsonObject { ["line"] = line, ["character"] = character }.ToJsonString();
            start.Environment["PAPERLSP_NVIM_RESULT"] = resultPath;

            var report = await HeadlessNeovim.RunAsync(start, resultPath, TimeSpan.FromSeconds(180));
            Assert.True(report.GetProperty("ok").GetBoolean(), report.ToString());
            Assert.Equal("tex", report.GetProperty("filetype").GetString());
            Assert.Equal("paperlsp", report.GetProperty("client_name").GetString());
            Assert.Equal("ready", report.GetProperty("status").GetProperty("state").GetString());
            var parsed = report.GetProperty("parsed");
            Assert.True(parsed.GetProperty("neovim-0.8.lua").ValueKind == JsonValueKind.True, parsed.ToString());
            Assert.True(parsed.GetProperty("neovim-lspconfig.lua").ValueKind == JsonValueKind.True, parsed.ToString());

            var hover = report.GetProperty("hover");
            Assert.Equal(JsonValueKind.Object, hover.ValueKind);
            var hoverText = hover.GetProperty("contents").ToString();
            Assert.Contains("Tree of Thoughts", hoverText, StringComparison.OrdinalIgnoreCase);

            Assert.Equal("bib", report.GetProperty("second_filetype").GetString());
            Assert.True(report.GetProperty("same_client").GetBoolean(), "the .bib buffer got a second server instead of the running one");
            Assert.Equal(1, report.GetProperty("clients_total").GetInt32());
            Assert.True(report.GetProperty("exited").GetBoolean(), "the server did not stop");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
