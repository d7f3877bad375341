using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PaperLsp.Server.Client;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Queue;
using PaperLsp.Server.Requests;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace PaperLsp.Server;

/// <summary>
/// LSP's base protocol (Content-Length framing) for StreamJsonRpc, with one rule: a bad message is answered, never
/// fatal. A well-framed body that is not JSON gets -32700 (id null); a batch gets -32600 per request in it (LSP has no
/// batches); a message that is not a JSON-RPC 2.0 object, or whose <c>params</c> is neither object nor array, gets
/// -32600/-32602 with its id when it has one (notifications are only logged, as JSON-RPC forbids answering them). Then
/// the next frame is read. Only broken framing (no or bad Content-Length, a header that is not one, a stream that ends
/// mid-message) ends the session; <see cref="EndReason"/> says why, for the one log line.
/// </summary>
internal sealed class LspMessageHandler : IJsonRpcMessageHandler, IDisposable
{
    /// <summary>Largest accepted body; a larger Content-Length is taken as broken framing.</summary>
    public const int MaxBodyBytes = 256 * 1024 * 1024;

    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxJsonDepth = 4096;
    private const string BatchMessage = "Invalid Request: JSON-RPC batches are not part of the Language Server Protocol; send each message in its own frame";

    private readonly Stream input;
    private readonly Stream output;
    private readonly SystemTextJsonFormatter formatter;
    private readonly ServerLog log;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly byte[] headerBuffer = new byte[MaxHeaderBytes];
    private readonly HashSet<string> outstanding = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Method, long FirstByteAt, long ReadAt)> answering = new(StringComparer.Ordinal);
    private long firstByteAt;

    public LspMessageHandler(Stream output, Stream input, SystemTextJsonFormatter formatter, ServerLog log)
    {
        this.input = new BufferedStream(input, 64 * 1024);
        this.output = output;
        this.formatter = formatter;
        this.log = log;
    }

    public bool CanRead => true;

    public bool CanWrite => true;

    public IJsonRpcMessageFormatter Formatter => formatter;

    /// <summary>Why reading stopped because of broken framing; null while reading or when the input simply closed.</summary>
    public string? EndReason { get; private set; }

    public async ValueTask<JsonRpcMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var body = await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return null;
            }

            var readAt = Stopwatch.GetTimestamp();
            var message = await AcceptAsync(body, cancellationToken).ConfigureAwait(false);
            if (message is JsonRpcRequest { RequestId: { IsEmpty: false } requestId, Method: { } method })
            {
                answering[requestId.ToString()] = (method, firstByteAt, readAt);
            }

            if (message is not null)
            {
                return message;
            }
        }
    }

    public async ValueTask WriteAsync(JsonRpcMessage content, CancellationToken cancellationToken)
    {
        if (content is JsonRpcRequest { RequestId: { IsEmpty: false } id })
        {
            lock (outstanding)
            {
                outstanding.Add(id.ToString());
            }
        }

        var writing = Stopwatch.GetTimestamp();
        var pausedBefore = GC.GetTotalPauseDuration();
        var collectionsBefore = GC.CollectionCount(0);
        var body = new ArrayBufferWriter<byte>();
        formatter.Serialize(body, content);
        await WriteFrameAsync(body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        var answered = content switch
        {
            JsonRpcResult result => result.RequestId,
            JsonRpcError error => error.RequestId,
            _ => default,
        };
        if (!answered.IsEmpty && answering.TryRemove(answered.ToString(), out var request))
        {
            SlowRequests.ReportAnswer(log, request.Method, answered.ToString(), request.FirstByteAt, request.ReadAt, writing, body.WrittenCount, GC.CollectionCount(0) - collectionsBefore, GC.GetTotalPauseDuration() - pausedBefore);
        }
    }

    public void Dispose()
    {
        writeLock.Dispose();
        input.Dispose();
        output.Dispose();
    }

    /// <summary>Validates one body; returns the message to dispatch, or null after answering/logging what was wrong.</summary>
    private async ValueTask<JsonRpcMessage?> AcceptAsync(byte[] body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            if (!System.Text.Unicode.Utf8.IsValid(body))
            {
                throw new JsonException("the body is not valid UTF-8");
            }

            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        }
        catch (JsonException e)
        {
            var why = $"Parse error: the message is not valid JSON ({FirstSentence(e.Message)})";
            log.Warning($"answered -32700: {why}");
            await WriteErrorsAsync([Error(null, LspErrorCodes.ParseError, why)], asArray: false, cancellationToken).ConfigureAwait(false);
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var errors = root.GetArrayLength() == 0
                    ? [Error(null, LspErrorCodes.InvalidRequest, "Invalid Request: an empty batch")]
                    : root.EnumerateArray().Where(e => e.ValueKind != JsonValueKind.Object || e.TryGetProperty("id", out _))
                        .Select(e => Error(ValidId(e), LspErrorCodes.InvalidRequest, BatchMessage)).ToList();
                log.Warning($"answered -32600 to a batch of {root.GetArrayLength()} message(s): batches are not part of LSP");
                if (errors.Count > 0)
                {
                    await WriteErrorsAsync(errors, asArray: root.GetArrayLength() > 0, cancellationToken).ConfigureAwait(false);
                }

                return null;
            }

            if (Problem(root) is { } problem)
            {
                var id = ValidId(root);
                var isNotification = root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("id", out _);
                if (isNotification)
                {
                    log.Warning($"ignored a notification: {problem.Message}");
                }
                else
                {
                    log.Warning($"answered {problem.Code}: {problem.Message}");
                    await WriteErrorsAsync([Error(id, problem.Code, problem.Message)], asArray: false, cancellationToken).ConfigureAwait(false);
                }

                return null;
            }

            if (!root.TryGetProperty("method", out _) && !AwaitsResponse(root.GetProperty("id")))
            {
                log.Warning($"ignored a response to no request of ours (id {root.GetProperty("id").GetRawText()})");
                return null;
            }

            try
            {
                return formatter.Deserialize(new ReadOnlySequence<byte>(body));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or NotSupportedException or ArgumentException)
            {
                var why = $"Invalid Request: {FirstSentence(e.Message)}";
                if (root.TryGetProperty("id", out _))
                {
                    log.Warning($"answered -32600: {why}");
                    await WriteErrorsAsync([Error(ValidId(root), LspErrorCodes.InvalidRequest, why)], asArray: false, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    log.Warning($"ignored a notification: {why}");
                }

                return null;
            }
        }
    }

    /// <summary>What makes a parsed body an invalid JSON-RPC 2.0 message, in the specification's words; null when valid.</summary>
    private static (int Code, string Message)? Problem(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (LspErrorCodes.InvalidRequest, $"Invalid Request: a message must be a JSON object, not {ParamsProblem.Kind(root.ValueKind)}");
        }

        if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return (LspErrorCodes.InvalidRequest, "Invalid Request: \"jsonrpc\" must be \"2.0\"");
        }

        if (root.TryGetProperty("id", out var id) && id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
        {
            return (LspErrorCodes.InvalidRequest, $"Invalid Request: \"id\" must be a string, a number or null, not {ParamsProblem.Kind(id.ValueKind)}");
        }

        if (root.TryGetProperty("method", out var method))
        {
            if (method.ValueKind != JsonValueKind.String)
            {
                return (LspErrorCodes.InvalidRequest, $"Invalid Request: \"method\" must be a string, not {ParamsProblem.Kind(method.ValueKind)}");
            }

            // "params": null is read as no params (several clients send it for shutdown/exit); other non-structured values are -32602.
            if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null))
            {
                return (LspErrorCodes.InvalidParams, $"Invalid params: {method.GetString()}: \"params\" must be an object or an array, not {ParamsProblem.Kind(parameters.ValueKind)}");
            }

            return null;
        }

        return root.TryGetProperty("id", out _) && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _))
            ? null
            : (LspErrorCodes.InvalidRequest, "Invalid Request: a message needs a \"method\" (request or notification) or an \"id\" with \"result\" or \"error\" (response)");
    }

    /// <summary>True (once) when <paramref name="id"/> is the id of a request this server sent and has no answer for yet.</summary>
    private bool AwaitsResponse(JsonElement id)
    {
        var key = id.ValueKind switch
        {
            JsonValueKind.Number when id.TryGetInt64(out var n) => new RequestId(n).ToString(),
            JsonValueKind.String => new RequestId(id.GetString()).ToString(),
            _ => null,
        };
        lock (outstanding)
        {
            return key is not null && outstanding.Remove(key);
        }
    }

    /// <summary>The JSON words for a value kind, as error messages say them.</summary>
    private static JsonElement? ValidId(JsonElement message) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? id.Clone()
            : null;

    private static byte[] Error(JsonElement? id, int code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WritePropertyName("id");
            if (id is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task WriteErrorsAsync(IReadOnlyList<byte[]> errors, bool asArray, CancellationToken cancellationToken)
    {
        byte[] body;
        if (asArray)
        {
            using var joined = new MemoryStream();
            joined.WriteByte((byte)'[');
            for (var i = 0; i < errors.Count; i++)
            {
                if (i > 0)
                {
                    joined.WriteByte((byte)',');
                }

                joined.Write(errors[i]);
            }

            joined.WriteByte((byte)']');
            body = joined.ToArray();
        }
        else
        {
            body = errors[0];
        }

        await WriteFrameAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteFrameAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        // One frame, one write, made on this thread: the standard output's asynchronous writes and flush each go through
        // the thread pool (its stream has no asynchronous I/O of its own), three hops that cost an answer up to several ms
        // on a busy machine; the write itself is a copy into the pipe.
        var header = string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        var frame = new byte[header.Length + body.Length];
        Encoding.ASCII.GetBytes(header, frame);
        body.Span.CopyTo(frame.AsSpan(header.Length));
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            output.Write(frame);
            output.Flush();
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>The next body, or null when the input closed (cleanly between messages, or with <see cref="EndReason"/> set).</summary>
    private async Task<byte[]?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var used = 0;
        while (true)
        {
            if (used == headerBuffer.Length)
            {
                return Broken($"the headers are longer than {MaxHeaderBytes} bytes (not LSP framing)");
            }

            var read = await input.ReadAsync(headerBuffer.AsMemory(used, 1), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return used == 0 ? null : Broken("the input ended in the middle of a message's headers");
            }

            if (used == 0)
            {
                firstByteAt = Stopwatch.GetTimestamp();
            }

            used++;
            if (used >= 4 && headerBuffer.AsSpan(used - 4, 4).SequenceEqual("\r\n\r\n"u8))
            {
                break;
            }
        }

        long? length = null;
        foreach (var line in Encoding.ASCII.GetString(headerBuffer, 0, used - 4).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return Broken($"'{Printable(line)}' is not a header line (expected 'Name: value')");
            }

            if (line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                var value = line[(colon + 1)..].Trim();
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                {
                    return Broken($"Content-Length '{Printable(value)}' is not a non-negative integer");
                }

                length = parsed;
            }
        }

        if (length is null)
        {
            return Broken("a message has no Content-Length header");
        }

        if (length > MaxBodyBytes)
        {
            return Broken($"Content-Length {length} is over the {MaxBodyBytes / (1024 * 1024)} MiB limit");
        }

        var body = new byte[(int)length];
        var filled = 0;
        while (filled < body.Length)
        {
            var read = await input.ReadAsync(body.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return Broken($"the input ended after {filled} of the {body.Length} bytes its Content-Length announced");
            }

            filled += read;
        }

        return body;
    }

    private byte[]? Broken(string why)
    {
        EndReason = "broken framing: " + why;
        return null;
    }

    private static string Printable(string text)
    {
        var shown = text.Length > 60 ? text[..60] + "…" : text;
        var builder = new StringBuilder(shown.Length);
        foreach (var ch in shown)
        {
            builder.Append(ch is < ' ' or (> '~' and < '\u00a0') ? $"\\x{(int)ch:x2}" : ch.ToString());
        }

        return builder.ToString();
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
