using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperLsp.Server.Tests;

public sealed class ClientHelperTests
{
    private static readonly JsonObject FullCapabilities = new()
    {
        ["window"] = new JsonObject { ["workDoneProgress"] = true },
        ["workspace"] = new JsonObject { ["applyEdit"] = true },
    };

    [Fact]
    public async Task Progress_applyEdit_diagnostics_and_messages_reach_the_client()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With(), FullCapabilities.DeepClone());
        var result = JsonAssert.Result(await client.RequestAsync("test/clientHelpers", new JsonObject()));
        Assert.True(result.GetProperty("applied").GetBoolean());

        var create = await client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "window/workDoneProgress/create"));
        var token = create.GetProperty("params").GetProperty("token").GetString();
        await client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "textDocument/publishDiagnostics"));
        await client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "window/showMessage"));
        await client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "window/logMessage") && m.GetProperty("params").GetProperty("message").GetString() == "log line from a handler");
        var kinds = client.Received
            .Where(m => LspTestClient.IsMethod(m, "$/progress") && m.GetProperty("params").GetProperty("token").GetString() == token)
            .Select(m => m.GetProperty("params").GetProperty("value"))
            .ToList();
        Assert.Equal(["begin", "report", "end"], kinds.Select(v => v.GetProperty("kind").GetString()));
        Assert.Equal("Indexing", kinds[0].GetProperty("title").GetString());
        Assert.Equal(50, kinds[1].GetProperty("percentage").GetInt32());

        var edit = client.Received.Single(m => LspTestClient.IsMethod(m, "workspace/applyEdit"));
        Assert.Equal("x", edit.GetProperty("params").GetProperty("edit").GetProperty("changes").GetProperty("file:///a.tex")[0].GetProperty("newText").GetString());
        var diagnostics = client.Received.Single(m => LspTestClient.IsMethod(m, "textDocument/publishDiagnostics")).GetProperty("params");
        Assert.Equal(2, diagnostics.GetProperty("diagnostics")[0].GetProperty("severity").GetInt32());
    }

    [Fact]
    public async Task Without_client_support_progress_and_applyEdit_are_not_sent()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        var result = JsonAssert.Result(await client.RequestAsync("test/clientHelpers", new JsonObject()));
        Assert.False(result.GetProperty("applied").GetBoolean());
        Assert.Contains("applyEdit", result.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await client.WaitForMessageAsync(m => LspTestClient.IsMethod(m, "window/showMessage"));
        Assert.DoesNotContain(client.Received, m => LspTestClient.IsMethod(m, "$/progress") || LspTestClient.IsMethod(m, "window/workDoneProgress/create") || LspTestClient.IsMethod(m, "workspace/applyEdit"));
    }

    [Fact]
    public void Client_capabilities_we_use_are_read()
    {
        var json = JsonDocument.Parse("""
            {"window": {"workDoneProgress": true}, "workspace": {"configuration": true, "applyEdit": true},
             "general": {"positionEncodings": ["utf-8", "utf-16"]},
             "textDocument": {"hover": {"contentFormat": ["markdown", "plaintext"]},
               "completion": {"completionItem": {"snippetSupport": true, "documentationFormat": ["markdown"], "resolveSupport": {"properties": ["documentation", "detail"]}}},
               "codeAction": {"codeActionLiteralSupport": {}, "resolveSupport": {"properties": ["edit"]}}}}
            """).RootElement;
        var features = Workspace.ClientFeatures.Read(json);
        Assert.True(features.WorkDoneProgress && features.ConfigurationPull && features.ApplyEdit && features.HoverMarkdown);
        Assert.True(features.CompletionSnippets && features.CompletionDocumentationMarkdown && features.CodeActionLiterals);
        Assert.Equal(["documentation", "detail"], features.CompletionResolveProperties.ToArray());
        Assert.Equal(["edit"], features.CodeActionResolveProperties.ToArray());
        Assert.Equal(["utf-8", "utf-16"], features.PositionEncodings.ToArray());
        var malformed = Workspace.ClientFeatures.Read(JsonDocument.Parse("""{"textDocument": 5, "window": []}""").RootElement);
        Assert.False(malformed.WorkDoneProgress || malformed.HoverMarkdown || malformed.CompletionSnippets);
        Assert.Empty(malformed.CompletionResolveProperties);
    }
}
