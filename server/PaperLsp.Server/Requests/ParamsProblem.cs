using System.Text.Json;
using System.Text.RegularExpressions;

namespace PaperLsp.Server.Requests;

/// <summary>
/// Says why params did not fit a method's protocol type in the protocol's words (JSON path, expected and actual JSON
/// kind, missing properties), never with .NET type names.
/// </summary>
internal static partial class ParamsProblem
{
    public static string Describe(JsonException error, JsonElement json)
    {
        var path = string.IsNullOrEmpty(error.Path) ? "$" : error.Path;
        if (MissingProperties().Match(error.Message) is { Success: true } missing)
        {
            return $"at {path}: missing required propert{(missing.Groups[1].Value.Contains(',', StringComparison.Ordinal) ? "ies" : "y")} {missing.Groups[1].Value.Trim().TrimEnd('.')}";
        }

        var actual = At(json, path) is { } value ? Kind(value.ValueKind) : null;
        var expected = ConvertedTo().Match(error.Message) is { Success: true } target ? ExpectedKind(target.Groups[1].Value) : null;
        return (expected, actual) switch
        {
            ({ } e, { } a) => $"at {path}: expected {e}, got {a}",
            ({ } e, null) => $"at {path}: expected {e}",
            (null, { } a) => $"at {path}: {a} is not valid here",
            _ => $"at {path}: the value does not fit the protocol",
        };
    }

    /// <summary>The JSON kind a protocol type is written as.</summary>
    private static string ExpectedKind(string typeName)
    {
        var name = typeName.Trim();
        if (name.Contains("[]", StringComparison.Ordinal) || name.Contains("List`", StringComparison.Ordinal) ||
            name.Contains("ImmutableArray", StringComparison.Ordinal) || name.Contains("IEnumerable", StringComparison.Ordinal))
        {
            return "an array";
        }

        if (name.Contains("System.String", StringComparison.Ordinal) || name.Contains("System.Uri", StringComparison.Ordinal))
        {
            return "a string";
        }

        if (name.Contains("System.Boolean", StringComparison.Ordinal))
        {
            return "a boolean";
        }

        if (NumberType().IsMatch(name))
        {
            return "a number";
        }

        var type = typeof(ParamsProblem).Assembly.GetType(name);
        return type is { IsEnum: true } ? "a number" : "an object";
    }

    /// <summary>The element at a System.Text.Json path such as <c>$.a.b[2].c</c>, or null.</summary>
    private static JsonElement? At(JsonElement root, string path)
    {
        var current = root;
        foreach (Match step in PathStep().Matches(path))
        {
            if (step.Groups["name"].Success)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step.Groups["name"].Value, out current))
                {
                    return null;
                }
            }
            else if (step.Groups["quoted"].Success)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step.Groups["quoted"].Value, out current))
                {
                    return null;
                }
            }
            else if (int.TryParse(step.Groups["index"].Value, out var index))
            {
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
        }

        return current;
    }

    [GeneratedRegex(@"converted to ([^ ]+?)\. Path:")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"missing required properties,? including the following: (.+)$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex(@"System\.(U?Int(16|32|64)|S?Byte|Double|Single|Decimal)\b")]
    private static partial Regex NumberType();

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();

    /// <summary>A JSON value kind in the protocol's words ("an object", "a string", …).</summary>
    internal static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
