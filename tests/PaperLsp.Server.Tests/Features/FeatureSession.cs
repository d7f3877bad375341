using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Features.Catalog;
using PaperLsp.Server.Services;
using PaperLsp.Server.Requests;

namespace PaperLsp.Server.Tests.Features;

/// <summary>An in-process server over a workspace folder, initialized, with helpers for the feature requests.</summary>
internal sealed class FeatureSession : IAsyncDisposable
{
    private FeatureSession(LspTestClient client, string root)
    {
        Client = client;
        Root = root;
    }

    public LspTestClient Client { get; }

    public string Root { get; }

    public static JsonObject FullCapabilities() => new()
    {
        ["window"] = new JsonObject { ["workDoneProgress"] = true },
        ["workspace"] = new JsonObject
        {
            ["applyEdit"] = true,
            ["workspaceFolders"] = true,
            ["workspaceEdit"] = new JsonObject { ["documentChanges"] = true, ["resourceOperations"] = new JsonArray("create", "rename", "delete") },
        },
        ["textDocument"] = new JsonObject
        {
            ["hover"] = new JsonObject { ["contentFormat"] = new JsonArray("markdown", "plaintext") },
            ["completion"] = new JsonObject { ["completionItem"] = new JsonObject { ["documentationFormat"] = new JsonArray("markdown") } },
            ["codeAction"] = new JsonObject { ["codeActionLiteralSupport"] = new JsonObject { ["codeActionKind"] = new JsonObject { ["valueSet"] = new JsonArray("quickfix", "refactor") } } },
        },
    };

    /// <summary>Starts a server whose paper service uses <paramref name="catalog"/> (null: it opens the index of the settings).</summary>
    /// <param name="created">Sees the paper service made for <paramref name="catalog"/> (tests that look inside it).</param>
    public static async Task<FeatureSession> StartAsync(string root, IPaperCatalog? catalog, JsonObject? capabilities = null, JsonObject? initializationOptions = null, Action<PaperService>? created = null)
    {
        var options = new LanguageServerOptions
        {
            FeatureServices = catalog is null ? null : services =>
            {
                var papers = new PaperService(services, catalog);
                created?.Invoke(papers);
                return new FeatureServiceCollection().Add(papers);
            },
        };
        var client = LspTestClient.Start(options);
        var rootUri = new Uri(root + "/").AbsoluteUri;
        var response = await client.RequestAsync("initialize", new JsonObject
        {
            ["processId"] = null,
            ["rootUri"] = rootUri,
            ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri.TrimEnd('/'), ["name"] = "ws" }),
            ["capabilities"] = capabilities ?? FullCapabilities(),
            ["initializationOptions"] = initializationOptions,
        });
        Assert.True(response.TryGetProperty("result", out _), response.ToString());
        await client.NotifyAsync("initialized", new JsonObject());
        var session = new FeatureSession(client, root);
        if (catalog is not null)
        {
            await session.WaitReadyAsync();
        }

        return session;
    }

    public string Uri(string relative) => new Uri(Path.Combine(Root, relative)).AbsoluteUri;

    /// <summary>Opens a workspace file with its text on disk (or the given text).</summary>
    public async Task<string> OpenAsync(string relative, string? text = null, string? languageId = null)
    {
        var uri = Uri(relative);
        text ??= await File.ReadAllTextAsync(Path.Combine(Root, relative));
        languageId ??= Path.GetExtension(relative) switch { ".tex" => "latex", ".md" => "markdown", ".typ" => "typst", ".bib" => "bibtex", _ => "plaintext" };
        await Client.NotifyAsync("textDocument/didOpen", Documents.OpenParams(uri, text, languageId));
        return uri;
    }

    /// <summary>Waits for "ready" or "warning" (or "failed"); <paramref name="within"/> bounds it when the server has papers to embed first.</summary>
    public Task<JsonElement> WaitReadyAsync(TimeSpan? within = null) =>
        Client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "paperlsp/status") && m.GetProperty("params").GetProperty("state").GetString() is "ready" or "warning" or "failed", within);

    public static JsonObject At(string uri, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
    };

    public async Task<JsonElement> ResultAsync(string method, JsonNode? parameters)
    {
        var response = await Client.RequestAsync(method, parameters);
        Assert.True(response.TryGetProperty("result", out var result), $"{method}: {response}");
        return result;
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
