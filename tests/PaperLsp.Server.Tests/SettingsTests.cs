using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void Defaults_are_sensible()
    {
        var settings = PaperLspSettings.Default;
        Assert.Empty(settings.CorpusPaths);
        Assert.Null(settings.IndexPath);
        Assert.Equal("auto", settings.Device);
        Assert.Equal("auto", settings.CitationStyle);
        Assert.Equal(50, settings.CompletionLimit);
        Assert.Empty(settings.CustomCiteMacros);
    }

    [Fact]
    public void Reads_every_field_from_the_section_or_a_wrapping_object()
    {
        const string section = """
            {"corpusPaths": ["~/papers", "/data/bib"], "indexPath": "/tmp/i.db", "modelPath": "/m", "device": "CUDA",
             "citationStyle": "citep", "customCiteMacros": ["\\citeauthor", "footcite"], "completionLimit": 20, "completionAddsBibEntry": false, "unknownKey": 1}
            """;
        foreach (var json in new[] { section, "{\"paperlsp\": " + section + ", \"other\": {}}" })
        {
            var settings = PaperLspSettings.Read(JsonDocument.Parse(json).RootElement);
            Assert.Equal(["~/papers", "/data/bib"], settings.CorpusPaths.ToArray());
            Assert.Equal("/tmp/i.db", settings.IndexPath);
            Assert.Equal("/m", settings.ModelPath);
            Assert.Equal("cuda", settings.Device);
            Assert.Equal("citep", settings.CitationStyle);
            Assert.Equal(["citeauthor", "footcite"], settings.CustomCiteMacros.ToArray());
            Assert.Equal(20, settings.CompletionLimit);
            Assert.False(settings.CompletionAddsBibEntry);
            Assert.Empty(settings.Problems);
        }
    }

    [Theory]
    [InlineData("""{"device": "tpu"}""", "device")]
    [InlineData("""{"citationStyle": 3}""", "citationStyle")]
    [InlineData("""{"completionLimit": -1}""", "completionLimit")]
    [InlineData("""{"completionLimit": "ten"}""", "completionLimit")]
    [InlineData("""{"completionAddsBibEntry": "yes"}""", "completionAddsBibEntry")]
    [InlineData("""{"corpusPaths": [1, 2]}""", "corpusPaths")]
    [InlineData("""{"indexPath": {"a": 1}}""", "indexPath")]
    public void Bad_values_keep_the_previous_value_and_report_a_problem(string json, string field)
    {
        var basis = PaperLspSettings.Default with { IndexPath = "/keep", CorpusPaths = ["/keep"] };
        var settings = PaperLspSettings.Read(JsonDocument.Parse(json).RootElement, basis);
        Assert.Equal(basis with { Problems = settings.Problems }, settings);
        Assert.Contains(settings.Problems, p => p.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public void Non_object_input_keeps_the_base()
    {
        Assert.Equal(PaperLspSettings.Default, PaperLspSettings.Read(null));
        Assert.Equal(PaperLspSettings.Default, PaperLspSettings.Read(JsonDocument.Parse("[1]").RootElement));
    }

    private static async Task<JsonElement> SettingsOf(LspTestClient client) => JsonAssert.Result(await client.RequestAsync("test/settings"));

    [Fact]
    public async Task InitializationOptions_then_pushed_configuration_change_the_settings()
    {
        await using var client = await LspTestClient.StartInitializedAsync(
            TestOptions.With(), initializationOptions: new JsonObject { ["citationStyle"] = "textcite", ["corpusPaths"] = new JsonArray("a") });
        var settings = await SettingsOf(client);
        Assert.Equal("textcite", settings.GetProperty("citationStyle").GetString());
        Assert.Equal("a", settings.GetProperty("corpusPaths")[0].GetString());

        await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = new JsonObject { ["paperlsp"] = new JsonObject { ["completionLimit"] = 7 } } });
        settings = await SettingsOf(client);
        Assert.Equal(7, settings.GetProperty("completionLimit").GetInt32());
        Assert.Equal("textcite", settings.GetProperty("citationStyle").GetString());
    }

    [Fact]
    public async Task Pull_model_clients_are_asked_for_the_paperlsp_section()
    {
        var changes = new List<string>();
        var options = TestOptions.With();
        options = new LanguageServerOptions { Handlers = options.Handlers, SettingsChanged = (s, _) => { lock (changes) { changes.Add(s.Device); } } };
        var capabilities = new JsonObject { ["workspace"] = new JsonObject { ["configuration"] = true } };
        var client = LspTestClient.Start(options);
        await using (client)
        {
            client.Configuration = new JsonObject { ["device"] = "cpu", ["modelPath"] = "/models/x" };
            JsonAssert.Result(await client.RequestAsync("initialize", new JsonObject { ["capabilities"] = capabilities }));
            await client.NotifyAsync("initialized", new JsonObject());
            var request = await client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "workspace/configuration"));
            Assert.Equal("paperlsp", request.GetProperty("params").GetProperty("items")[0].GetProperty("section").GetString());

            // The pulled settings are applied as a queued mutation; poll (bounded) until a read sees them.
            using var timeout = new CancellationTokenSource(LspTestClient.Timeout);
            while ((await SettingsOf(client)).GetProperty("device").GetString() != "cpu")
            {
                await Task.Delay(10, timeout.Token);
            }

            Assert.Equal("/models/x", (await SettingsOf(client)).GetProperty("modelPath").GetString());

            // A pushed change with null settings makes the server pull again.
            client.Configuration = new JsonObject { ["device"] = "cuda" };
            await client.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = null });
            while ((await SettingsOf(client)).GetProperty("device").GetString() != "cuda")
            {
                await Task.Delay(10, timeout.Token);
            }

            lock (changes)
            {
                Assert.Equal(["auto", "cpu", "cuda"], changes);
            }
        }
    }
}
