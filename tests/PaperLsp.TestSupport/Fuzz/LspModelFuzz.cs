using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Server;
using PaperLsp.Server.Handlers;

namespace PaperLsp.TestSupport.Fuzz;

/// <summary>
/// Model-based fuzz of the whole server over LSP (in process, real framing): random didOpen/didChange (CRLF, lone
/// CR, surrogate pairs, ranges at and past line ends, several changes per notification, whole-text replacements),
/// didClose, completion, hover, definition and code actions, and the edits the server offers (completion text edits,
/// code-action workspace edits) applied as a client would. After every change the server's text of the document
/// must equal the model's; no valid request may be answered with an error; the server must keep running.
/// </summary>
public static class LspModelFuzz
{
    private static readonly string[] Fragments =
    [
        "\\cite{", "\\citep[see][p.~3]{", "\\citet*{", "}", ",", " ", " ", "\n", "\r\n", "\r", "\t", "😀", "𝔸", "é", "日本",
        "smith2020known", "doe2019other", "vaswani2017attention", "[@", "@", "#cite(<", ">)", "; @", "]",
        "Recent work on attention shows that transformers scale", "Graph coloring heuristics", ".", "%", "% comment\n",
        "\\begin{verbatim}", "\\end{verbatim}", "$x^2$", "```", "\\section{Intro}", "arXiv:1706.03762", "\\", "{", "\"",
    ];

    private static readonly (string Extension, string LanguageId)[] Languages = [(".tex", "latex"), (".md", "markdown"), (".typ", "typst")];

    /// <summary>
    /// Runs <paramref name="steps"/> random steps from <paramref name="seed"/> against a fresh server over a temporary
    /// workspace (with a .bib; with <paramref name="corpusPath"/> the server also indexes that corpus). Throws
    /// <see cref="FuzzFailureException"/> (seed and step in the message) at the first divergence, error answer or crash.
    /// </summary>
    public static async Task<LspFuzzReport> RunAsync(int steps, int seed, string? corpusPath = null, TextWriter? progress = null)
    {
        var random = new Random(seed);
        var root = Directory.CreateTempSubdirectory("paperlsp-fuzz-").FullName;
        var operations = new Dictionary<string, int>(StringComparer.Ordinal);
        var textChecks = 0;
        var applied = 0;
        var step = 0;
        try
        {
            File.WriteAllText(Path.Combine(root, "refs.bib"),
                "@article{smith2020known, title={A Known Paper About Graph Coloring Heuristics}, author={Smith, Ann}, year={2020}}\n"
                + "@inproceedings{doe2019other, title={Another Paper on Attention in Transformers}, author={Doe, John}, year={2019}}\n");
            var handlers = HandlerRegistry.CreateDefault().Add(new DocumentTextHandler());
            await using var client = LspTestClient.Start(new LanguageServerOptions { Handlers = handlers });
            var rootUri = new Uri(root + "/").AbsoluteUri;
            var options = new JsonObject { ["indexPath"] = Path.Combine(root, "index.db") };
            if (corpusPath is not null)
            {
                options["corpusPaths"] = new JsonArray(corpusPath);
            }

            var init = await client.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = null,
                ["rootUri"] = rootUri,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri.TrimEnd('/'), ["name"] = "fuzz" }),
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject { ["applyEdit"] = true, ["workspaceEdit"] = new JsonObject { ["documentChanges"] = random.Next(2) == 0 } },
                    ["textDocument"] = new JsonObject { ["hover"] = new JsonObject { ["contentFormat"] = new JsonArray("markdown", "plaintext") } },
                },
                ["initializationOptions"] = options,
            });
            Expect(init.TryGetProperty("result", out _), seed, 0, "initialize failed: " + init);
            await client.NotifyAsync("initialized", new JsonObject());

            var open = new List<ReferenceDocument>();
            var closed = new List<ReferenceDocument>();
            for (step = 1; step <= steps; step++)
            {
                var roll = random.Next(100);
                string op;
                if (open.Count == 0 || roll < 6)
                {
                    op = "didOpen";
                    var reopen = closed.Count > 0 && random.Next(2) == 0;
                    ReferenceDocument document;
                    if (reopen)
                    {
                        var old = closed[random.Next(closed.Count)];
                        closed.Remove(old);
                        document = new ReferenceDocument(old.Uri, old.LanguageId, RandomText(random));
                    }
                    else
                    {
                        var (extension, languageId) = Languages[random.Next(Languages.Length)];
                        document = new ReferenceDocument(new Uri(Path.Combine(root, $"doc{step}{extension}")).AbsoluteUri, languageId, RandomText(random));
                    }

                    open.Add(document);
                    await client.NotifyAsync("textDocument/didOpen", new JsonObject
                    {
                        ["textDocument"] = new JsonObject { ["uri"] = document.Uri, ["languageId"] = document.LanguageId, ["version"] = document.Version, ["text"] = document.Text },
                    });
                    textChecks += await CheckTextAsync(client, document, seed, step);
                }
                else
                {
                    var document = open[random.Next(open.Count)];
                    if (roll < 40)
                    {
                        op = "didChange";
                        await ChangeAsync(client, document, RandomChanges(random, document));
                        textChecks += await CheckTextAsync(client, document, seed, step);
                    }
                    else if (roll < 58)
                    {
                        op = "completion";
                        var result = await RequestAsync(client, "textDocument/completion", PositionParams(document, RandomPosition(random, document)), seed, step);
                        if (result.ValueKind == JsonValueKind.Object && result.GetProperty("items") is { ValueKind: JsonValueKind.Array } items
                            && items.GetArrayLength() > 0 && random.Next(3) == 0)
                        {
                            var item = items[random.Next(items.GetArrayLength())];
                            if (item.TryGetProperty("textEdit", out var edit))
                            {
                                await ApplyEditsAsync(client, document, [edit]);
                                applied++;
                                textChecks += await CheckTextAsync(client, document, seed, step);
                            }
                        }
                    }
                    else if (roll < 72)
                    {
                        op = "hover";
                        await RequestAsync(client, "textDocument/hover", PositionParams(document, RandomPosition(random, document)), seed, step);
                    }
                    else if (roll < 78)
                    {
                        op = "definition";
                        await RequestAsync(client, "textDocument/definition", PositionParams(document, RandomPosition(random, document)), seed, step);
                    }
                    else if (roll < 95)
                    {
                        op = "codeAction";
                        var start = RandomPosition(random, document);
                        var end = random.Next(2) == 0 ? start : RandomPosition(random, document);
                        if (end.Line < start.Line || (end.Line == start.Line && end.Character < start.Character))
                        {
                            (start, end) = (end, start);
                        }

                        var result = await RequestAsync(client, "textDocument/codeAction", new JsonObject
                        {
                            ["textDocument"] = new JsonObject { ["uri"] = document.Uri },
                            ["range"] = Range(start, end),
                            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray() },
                        }, seed, step);
                        if (result.ValueKind == JsonValueKind.Array && result.GetArrayLength() > 0 && random.Next(2) == 0)
                        {
                            var action = result[random.Next(result.GetArrayLength())];
                            var edits = EditsFor(action, document.Uri);
                            if (edits.Count > 0)
                            {
                                await ApplyEditsAsync(client, document, edits);
                                applied++;
                                textChecks += await CheckTextAsync(client, document, seed, step);
                            }
                        }
                    }
                    else
                    {
                        op = "didClose";
                        open.Remove(document);
                        closed.Add(document);
                        await client.NotifyAsync("textDocument/didClose", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = document.Uri } });
                        var gone = await RequestAsync(client, DocumentTextHandler.MethodName, new JsonObject { ["uri"] = document.Uri }, seed, step);
                        Expect(gone.ValueKind == JsonValueKind.Null, seed, step, "a closed document is still open in the server");
                    }
                }

                operations[op] = operations.GetValueOrDefault(op) + 1;
                Expect(!client.Server.IsCompleted, seed, step, "the server stopped");
                Expect(client.ReadError is null, seed, step, "unreadable server output: " + client.ReadError);
                if (progress is not null && step % 1000 == 0)
                {
                    progress.WriteLine($"  step {step}: {textChecks} text comparisons, {applied} edits applied");
                }
            }

            step = steps;
            Expect(await client.ShutdownAndExitAsync() == 0, seed, step, "the server did not exit cleanly");
            return new LspFuzzReport(seed, steps, operations, textChecks, applied);
        }
        catch (Exception e) when (e is not FuzzFailureException)
        {
            throw new FuzzFailureException($"LSP fuzz seed {seed}, step {step}: {e}");
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // The server may still hold the index for a moment; the temporary folder is left behind then.
            }
        }
    }

    private static async Task<int> CheckTextAsync(LspTestClient client, ReferenceDocument document, int seed, int step)
    {
        var result = await RequestAsync(client, DocumentTextHandler.MethodName, new JsonObject { ["uri"] = document.Uri }, seed, step);
        Expect(result.ValueKind == JsonValueKind.Object, seed, step, $"{document.Uri} is not open in the server");
        var text = result.GetProperty("text").GetString();
        Expect(text == document.Text, seed, step, $"text diverged for {document.Uri}\n--- model ---\n{Show(document.Text)}\n--- server ---\n{Show(text ?? "")}");
        Expect(result.GetProperty("version").GetInt32() == document.Version, seed, step, "version diverged");
        return 1;
    }

    private static async Task<JsonElement> RequestAsync(LspTestClient client, string method, JsonNode parameters, int seed, int step)
    {
        var response = await client.RequestAsync(method, parameters);
        Expect(!response.TryGetProperty("error", out var error), seed, step, $"{method} {parameters.ToJsonString()} answered an error: {error}");
        return response.GetProperty("result");
    }

    private static async Task ChangeAsync(LspTestClient client, ReferenceDocument document, IReadOnlyList<(((int, int), (int, int))? Range, string Text)> changes)
    {
        var array = new JsonArray();
        foreach (var (range, text) in changes)
        {
            document.Apply(range, text);
            array.Add(range is { } r ? new JsonObject { ["range"] = Range(r.Item1, r.Item2), ["text"] = text } : new JsonObject { ["text"] = text });
        }

        document.Version++;
        await client.NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = document.Uri, ["version"] = document.Version },
            ["contentChanges"] = array,
        });
    }

    /// <summary>Applies simultaneous LSP text edits as a client does: as sequential changes from the last to the first.</summary>
    private static Task ApplyEditsAsync(LspTestClient client, ReferenceDocument document, IReadOnlyList<JsonElement> edits)
    {
        var ordered = edits
            .Select(e => (Start: Position(e.GetProperty("range").GetProperty("start")), End: Position(e.GetProperty("range").GetProperty("end")), Text: e.GetProperty("newText").GetString() ?? ""))
            .OrderByDescending(e => e.Start.Line).ThenByDescending(e => e.Start.Character)
            .Select(e => ((((int, int), (int, int))?)(e.Start, e.End), e.Text))
            .ToList();
        return ChangeAsync(client, document, ordered);
    }

    private static List<JsonElement> EditsFor(JsonElement action, string uri)
    {
        var edits = new List<JsonElement>();
        if (!action.TryGetProperty("edit", out var edit))
        {
            return edits;
        }

        if (edit.TryGetProperty("changes", out var changes) && changes.TryGetProperty(uri, out var list))
        {
            edits.AddRange(list.EnumerateArray());
        }

        if (edit.TryGetProperty("documentChanges", out var documentChanges))
        {
            foreach (var change in documentChanges.EnumerateArray())
            {
                if (change.TryGetProperty("textDocument", out var target) && target.GetProperty("uri").GetString() == uri)
                {
                    edits.AddRange(change.GetProperty("edits").EnumerateArray());
                }
            }
        }

        return edits;
    }

    private static List<(((int, int), (int, int))? Range, string Text)> RandomChanges(Random random, ReferenceDocument document)
    {
        // The changes are generated against the model as each earlier change leaves it (LSP applies them in order).
        var probe = new ReferenceDocument(document.Uri, document.LanguageId, document.Text);
        var changes = new List<(((int, int), (int, int))?, string)>();
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            (((int, int), (int, int))?, string) change;
            if (random.Next(25) == 0)
            {
                change = (null, RandomText(random));
            }
            else
            {
                var a = RandomPosition(random, probe);
                var b = random.Next(3) == 0 ? a : RandomPosition(random, probe);
                var (start, end) = probe.ToOffset(a.Line, a.Character) <= probe.ToOffset(b.Line, b.Character) ? (a, b) : (b, a);
                change = ((start, end), random.Next(4) == 0 ? "" : RandomFragments(random, random.Next(1, 4)));
            }

            probe.Apply(change.Item1, change.Item2);
            changes.Add(change);
        }

        return changes;
    }

    /// <summary>A position on a code point boundary; often a line's end, sometimes past it (which means the line's end).</summary>
    private static (int Line, int Character) RandomPosition(Random random, ReferenceDocument document)
    {
        var lines = document.Lines();
        var line = random.Next(lines.Count);
        var (start, length) = lines[line];
        return random.Next(5) switch
        {
            0 => (line, length),
            1 => (line, length + random.Next(1, 4)),
            _ => (line, SafeCharacter(document.Text, start, random.Next(length + 1))),
        };
    }

    private static int SafeCharacter(string text, int lineStart, int character)
    {
        var offset = lineStart + character;
        return offset > 0 && offset < text.Length && char.IsLowSurrogate(text[offset]) && char.IsHighSurrogate(text[offset - 1]) ? character - 1 : character;
    }

    private static string RandomText(Random random) => RandomFragments(random, random.Next(0, 40));

    private static string RandomFragments(Random random, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return text.ToString();
    }

    private static (int Line, int Character) Position(JsonElement position) =>
        (position.GetProperty("line").GetInt32(), position.GetProperty("character").GetInt32());

    private static JsonObject PositionParams(ReferenceDocument document, (int Line, int Character) position) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = document.Uri },
        ["position"] = new JsonObject { ["line"] = position.Line, ["character"] = position.Character },
    };

    private static JsonObject Range((int Line, int Character) start, (int Line, int Character) end) => new()
    {
        ["start"] = new JsonObject { ["line"] = start.Line, ["character"] = start.Character },
        ["end"] = new JsonObject { ["line"] = end.Line, ["character"] = end.Character },
    };

    private static string Show(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n\n", StringComparison.Ordinal);

    private static void Expect(bool condition, int seed, int step, string message)
    {
        if (!condition)
        {
            throw new FuzzFailureException($"LSP fuzz seed {seed}, step {step}: {message}");
        }
    }
}
