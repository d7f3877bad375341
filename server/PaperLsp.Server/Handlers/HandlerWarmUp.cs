using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaperLsp.Server.Documents;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Handlers;

/// <summary>
/// Runs completion (at an empty key and after a typed character), hover and code actions once end to end — JSON params
/// in, the handler, the feature code, the catalog, JSON result out — on a small synthetic LaTeX document that is never
/// shown to the client, so that the user's first request of each kind does not pay for compiling that code and building
/// the serializers' metadata; then completion after each likely first character of a key, so that the first keystroke of
/// a key finds its prefix's keys and papers loaded, and the typed ranking of every two-letter prefix. It runs off the request path, on its own thread at the lowest CPU priority, after the
/// catalog has index-backed answers; nothing waits for it.
/// </summary>
internal static class HandlerWarmUp
{
    private const string Uri = "file:///paperlsp-warm-up/warm-up.tex";

    /// <summary>Starts the warm-up on a new low-priority background thread; the task completes with a one-line summary.</summary>
    public static Task<string> Start(ServerServices services, Func<Task> ready, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                PaperLsp.Embeddings.Runtime.BackgroundPriority.LowerCurrentThread();
                ready().WaitAsync(cancellationToken).GetAwaiter().GetResult();
                result.SetResult(Run(services, cancellationToken));
            }
            catch (Exception e)
            {
                // only a warm-up: whatever failed here fails (and is reported) again in a real request
                result.SetResult($"handler warm-up skipped ({e.GetType().Name}: {e.Message})");
            }
        })
        {
            IsBackground = true,
            Name = "paperlsp-warm-up",
        };
        thread.Start();
        return result.Task;
    }

    /// <summary>Runs the requests once on the calling thread and returns a one-line summary.</summary>
    public static string Run(ServerServices services, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var papers = services.GetService<PaperService>();
        var key = papers?.Catalog.FindByKeyPrefix("", 1) is [var first, ..] ? first.CitationKey : "warmup2024";
        const string Sentence = "Large language models can solve reasoning problems when they are prompted to think step by step";
        string[] lines =
        [
            "\\documentclass{article}",
            "\\title{Reasoning with language models}",
            "\\begin{document}",
            "\\section{Introduction}",
            Sentence + "~\\cite{" + key + "}.",
            Sentence + "~\\citep{}.",
            .. KeyCharacters.Select(c => Sentence + "~\\citep{" + c + "}."),
            "\\end{document}",
            "",
        ];
        var document = new TextDocumentSnapshot(Uri, "latex", 1, string.Join('\n', lines));
        var workspace = services.CurrentWorkspace;
        var context = new RequestContext("warm-up", workspace with { Documents = workspace.Documents.SetItem(Uri, document) }, services, null);
        var citedLine = 4;
        var emptyLine = 5;
        var keyColumn = Sentence.Length + "~\\cite{".Length + 1;
        var emptyColumn = Sentence.Length + "~\\citep{".Length;

        var completion = RegisteredHandler.ForRequest(new CompletionHandler());
        var hover = RegisteredHandler.ForRequest(new HoverHandler());
        var codeAction = RegisteredHandler.ForRequest(new CodeActionHandler());
        var answers = 0;
        void Invoke(RegisteredHandler handler, JsonObject parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var answer = handler.InvokeAsync(JsonSerializer.SerializeToElement(parameters), context, cancellationToken).GetAwaiter().GetResult();
            answers += answer.ValueKind is JsonValueKind.Null ? 0 : 1;
        }

        Invoke(completion, Position(emptyLine, emptyColumn));
        Invoke(completion, Position(citedLine, keyColumn)); // inside a typed key
        Invoke(hover, Position(citedLine, keyColumn));
        Invoke(codeAction, new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Uri },
            ["range"] = new JsonObject
            {
                ["start"] = new JsonObject { ["line"] = emptyLine, ["character"] = 0 },
                ["end"] = new JsonObject { ["line"] = emptyLine, ["character"] = Sentence.Length },
            },
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(), ["triggerKind"] = 1 },
        });
        var requests = clock.ElapsedMilliseconds;

        // The first character typed in a key: the keys it starts and the papers its typed search finds are the same
        // whatever the sentence, so completing each once loads them (key index, paper rows, their words) ahead of the user.
        var typedAnswers = 0;
        for (var i = 0; i < KeyCharacters.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var answer = completion.InvokeAsync(JsonSerializer.SerializeToElement(Position(emptyLine + 1 + i, emptyColumn + 1)), context, cancellationToken).GetAwaiter().GetResult();
            typedAnswers += answer.ValueKind is JsonValueKind.Object && answer.TryGetProperty("items", out var items) && items.GetArrayLength() > 0 ? 1 : 0;
        }

        var firstCharacters = clock.ElapsedMilliseconds;

        // The second character: only the typed ranking of each two-letter prefix (ids, no papers): a prefix that is a
        // common surname ("li", "wu") scans long postings.
        var prefixes = papers?.Catalog is PaperLsp.Retrieval.HybridPaperCatalog hybrid
            ? hybrid.WarmTypedPrefixes(KeyCharacters.SelectMany(a => KeyCharacters.Select(b => string.Concat(a, b))), cancellationToken)
            : 0;
        return $"handler warm-up: completion, hover and code action ran end to end in {requests} ms ({answers} of 4 non-empty answers); "
            + $"completion after each first key character ({KeyCharacters.Length}, {typedAnswers} with items) in {firstCharacters - requests} ms; "
            + $"typed rankings of {prefixes} two-letter prefixes in {clock.ElapsedMilliseconds - firstCharacters} ms";
    }

    /// <summary>The characters a key is warmed for as its first typed character.</summary>
    internal const string KeyCharacters = "abcdefghijklmnopqrstuvwxyz";

    private static JsonObject Position(int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = Uri },
        ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
    };
}
