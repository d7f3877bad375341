using System.Text.Json;

namespace PaperLsp.Server.Tests;

internal static class JsonAssert
{
    /// <summary>Asserts the response is an error with the code and returns its message.</summary>
    public static string Error(JsonElement response, int code)
    {
        Assert.True(response.TryGetProperty("error", out var error), $"expected error {code}, got {response}");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        return error.GetProperty("message").GetString() ?? "";
    }

    public static JsonElement Result(JsonElement response)
    {
        Assert.True(response.TryGetProperty("result", out var result), $"expected a result, got {response}");
        return result;
    }
}
