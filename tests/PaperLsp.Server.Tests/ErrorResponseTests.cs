using System.Text.Json.Nodes;
using PaperLsp.Server.Protocol;

namespace PaperLsp.Server.Tests;

public sealed class ErrorResponseTests
{
    [Fact]
    public async Task Cancelled_request_answers_RequestCancelled()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        var id = client.NewId();
        var pending = client.SendRequest(id, "test/waitForCancel", new JsonObject());
        await client.NotifyAsync("$/cancelRequest", new JsonObject { ["id"] = id });
        JsonAssert.Error(await pending, LspErrorCodes.RequestCancelled);
        JsonAssert.Result(await client.RequestAsync("test/settings"));
    }

    [Fact]
    public async Task Unknown_method_answers_MethodNotFound_and_unknown_dollar_notifications_are_ignored()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        JsonAssert.Error(await client.RequestAsync("textDocument/noSuchThing", new JsonObject()), LspErrorCodes.MethodNotFound);
        await client.NotifyAsync("$/setTrace", new JsonObject { ["value"] = "off" });
        await client.NotifyAsync("$/somethingNew", new JsonObject());
        await client.NotifyAsync("custom/unknownNotification", new JsonObject());
        JsonAssert.Result(await client.RequestAsync("test/settings"));
        Assert.DoesNotContain(client.Received, m => m.TryGetProperty("id", out _) && !m.TryGetProperty("method", out _));
    }

    public static TheoryData<string, string> InvalidParamsCases => new()
    {
        { "textDocument/didOpen", """{"textDocument": 5}""" },
        { "test/documentText", """{"uri": 42}""" },
        { "test/documentText", """{}""" },
        { "test/documentText", """[1, 2]""" },
        { "test/documentText", "null" },
        { "initialize", """{"processId": "not a number"}""" },
    };

    [Theory]
    [MemberData(nameof(InvalidParamsCases))]
    public async Task Malformed_params_answer_InvalidParams_and_the_server_keeps_going(string method, string parameters)
    {
        await using var client = method == "initialize" ? LspTestClient.Start(TestOptions.With()) : await LspTestClient.StartInitializedAsync(TestOptions.With());
        var response = await client.RequestAsync(method, JsonNode.Parse(parameters));
        JsonAssert.Error(response, LspErrorCodes.InvalidParams);
        if (method == "initialize")
        {
            JsonAssert.Result(await client.RequestAsync("initialize", new JsonObject { ["capabilities"] = new JsonObject() }));
        }

        JsonAssert.Result(await client.RequestAsync("test/settings"));
    }

    [Fact]
    public async Task A_throwing_handler_answers_InternalError_with_its_message_and_the_next_request_works()
    {
        await using var client = await LspTestClient.StartInitializedAsync(TestOptions.With());
        var message = JsonAssert.Error(await client.RequestAsync("test/throw", new JsonObject()), LspErrorCodes.InternalError);
        Assert.Contains("the handler broke on purpose", message, StringComparison.Ordinal);
        JsonAssert.Result(await client.RequestAsync("test/settings"));
        Assert.Contains(client.Log, line => line.Contains("the handler broke on purpose", StringComparison.Ordinal));
    }
}
