using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.TestSupport;

namespace PaperLsp.Server.Tests;

/// <summary>Runs tests/nvim/lifecycle.lua in headless Neovim against the built server and checks its report.</summary>
public sealed class NeovimClientTests
{
    [SkippableFact]
    public async Task Neovim_starts_the_server_opens_a_real_latex_file_hovers_and_exits_cleanly()
    {
        var nvim = HeadlessNeovim.FindOrSkip();
        var latex = SharedData.RequireOrSkip("latex");
        var texFile = Directory.GetDirectories(latex).Order(StringComparer.Ordinal)
            .SelectMany<string, string>(paper => Directory.Exists(Path.Combine(paper, "src")) ? Directory.GetFiles(Path.Combine(paper, "src"), "*.tex").Order(StringComparer.Ordinal) : [])
            .FirstOrDefault(f => File.ReadAllText(f).Contains("\\cite", StringComparison.Ordinal));
        Skip.If(texFile is null, "no .tex file with \\cite under shared/latex/*/src: test skipped");

        var lines = File.ReadAllLines(texFile!);
        var line = Array.FindIndex(lines, l => l.Contains("\\cite", StringComparison.Ordinal));
        var character = lines[line].IndexOf("\\cite", StringComparison.Ordinal) + "\\cite{".Length;
        var position = new JsonObject { ["line"] = line, ["character"] = character };
        var requests = new JsonArray(
            new JsonObject { ["method"] = "textDocument/hover", ["line"] = line, ["character"] = character },
            new JsonObject { ["method"] = "textDocument/completion", ["line"] = line, ["character"] = character },
            new JsonObject { ["method"] = "textDocument/definition", ["line"] = line, ["character"] = character },
            new JsonObject
            {
                ["method"] = "textDocument/codeAction",
                ["line"] = line,
                ["character"] = character,
                ["params"] = new JsonObject
                {
                    ["range"] = new JsonObject { ["start"] = position.DeepClone(), ["end"] = position.DeepClone() },
                    ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
                },
            });

        var dll = await PaperLspExecutable.EnsureBuiltAsync();
        var resultPath = Path.Combine(Path.GetTempPath(), $"paperlsp-nvim-{Guid.NewGuid():N}.json");
        var start = HeadlessNeovim.Lifecycle(nvim, dll, texFile, requests, resultPath);
        try
        {
            var report = await HeadlessNeovim.RunAsync(start, resultPath, TimeSpan.FromSeconds(90));
            Assert.True(report.GetProperty("ok").GetBoolean(), report.ToString());
            Assert.Equal("paperlsp", report.GetProperty("server_info").GetProperty("name").GetString());
            Assert.Equal("utf-16", report.GetProperty("offset_encoding").GetString());
            var capabilities = report.GetProperty("capabilities");
            Assert.True(capabilities.GetProperty("hoverProvider").GetBoolean());
            Assert.Equal(2, capabilities.GetProperty("textDocumentSync").GetProperty("change").GetInt32());
            var answered = report.GetProperty("requests").EnumerateArray().ToList();
            Assert.Equal(4, answered.Count);
            foreach (var request in answered)
            {
                Assert.True(request.GetProperty("completed").GetBoolean(), request.ToString());
                Assert.False(request.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null, request.ToString());
            }

            Assert.True(report.GetProperty("exited").GetBoolean(), "the server process did not exit after shutdown/exit");
            Assert.Equal(0, report.GetProperty("exit_code").GetInt32());
        }
        finally
        {
            File.Delete(resultPath);
        }
    }
}
