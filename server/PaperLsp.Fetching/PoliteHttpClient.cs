using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace PaperLsp.Fetching;

/// <summary>
/// The one place PaperLsp talks HTTP. One request at a time with a pause between requests; 429 and 5xx answers,
/// timeouts and broken-off bodies are retried with exponential backoff, honouring <c>Retry-After</c>; conditional
/// requests (If-None-Match / If-Modified-Since) so an unchanged resource is not downloaded again. Never throws for
/// network trouble: every outcome is a <see cref="FetchResponse"/> with a one-line reason.
/// </summary>
public sealed class PoliteHttpClient : IDisposable
{
    private static readonly string UserAgent = "paperlsp/" + (typeof(PoliteHttpClient).Assembly.GetName().Version?.ToString(3) ?? "0");

    private readonly FetchOptions options;
    private readonly HttpClient http;
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private readonly Stopwatch sinceLast = new();

    public PoliteHttpClient(FetchOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = true,
            ConnectTimeout = options.RequestTimeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan, // each try has its own limit
        };
    }

    /// <summary>
    /// GETs <paramref name="url"/> (after <paramref name="pause"/> since the previous request of this client), asking for
    /// <paramref name="accept"/>, conditionally when <paramref name="validators"/> are given.
    /// </summary>
    public async Task<FetchResponse> GetAsync(Uri url, string accept, CacheValidators validators, TimeSpan pause, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(validators);
        await oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var host = url.Host;
            string? lastError = null;
            var unreachable = true;
            var backoff = options.InitialBackoff;
            for (var attempt = 1; attempt <= Math.Max(1, options.MaxAttempts); attempt++)
            {
                if (attempt == 1)
                {
                    await PauseAsync(pause, cancellationToken).ConfigureAwait(false); // a retry's backoff or Retry-After is its pause
                }

                var (response, wait, error, answered) = await TryOnceAsync(url, accept, validators, cancellationToken).ConfigureAwait(false);
                sinceLast.Restart();
                if (response is not null)
                {
                    return response with { Attempts = attempt };
                }

                lastError = error;
                unreachable &= !answered;
                if (wait is null)
                {
                    return FetchResponse.Failure(FetchStatus.Failed, $"{host}: {error}", attempt);
                }

                if (attempt == options.MaxAttempts)
                {
                    break;
                }

                var delay = wait.Value > TimeSpan.Zero ? wait.Value : backoff;
                if (delay > options.MaxRetryAfter)
                {
                    return FetchResponse.Failure(FetchStatus.Failed, $"{host}: {error}; it asks to wait {delay.TotalSeconds:F0} s, try again later", attempt);
                }

                await options.Sleep(delay, cancellationToken).ConfigureAwait(false);
                backoff += backoff;
            }

            var tries = options.MaxAttempts == 1 ? "1 try" : $"{options.MaxAttempts} tries";
            return FetchResponse.Failure(unreachable ? FetchStatus.Unreachable : FetchStatus.Failed, $"{host}: {lastError} ({tries})", options.MaxAttempts);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    public void Dispose()
    {
        http.Dispose();
        oneAtATime.Dispose();
    }

    private async Task PauseAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        if (!sinceLast.IsRunning)
        {
            return; // the first request of this client
        }

        var remaining = pause - sinceLast.Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await options.Sleep(remaining, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One try: a final response, or (null, wait, error, answered) where wait is null when retrying cannot help,
    /// <see cref="TimeSpan.Zero"/> for "back off as usual", or the server's Retry-After.
    /// </summary>
    private async Task<(FetchResponse? Response, TimeSpan? Wait, string Error, bool Answered)> TryOnceAsync(Uri url, string accept, CacheValidators validators, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Accept.ParseAdd(accept);
        if (validators.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (validators.LastModified is { } modified && DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            request.Headers.IfModifiedSince = since;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.RequestTimeout);
        var answered = false;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ConfigureAwait(false);
            answered = true;
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return (new FetchResponse(FetchStatus.NotModified, [], validators, null, 0), null, "", true);
            }

            if (status is >= 200 and < 300)
            {
                var body = await response.Content.ReadAsByteArrayAsync(limit.Token).ConfigureAwait(false);
                var fresh = new CacheValidators(
                    response.Headers.ETag?.ToString(),
                    response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture));
                return (new FetchResponse(FetchStatus.Ok, body, fresh, null, 0), null, "", true);
            }

            var error = $"HTTP {status} {response.ReasonPhrase}".TrimEnd();
            if (status == 429 || status >= 500)
            {
                return (null, RetryAfter(response) ?? TimeSpan.Zero, error, true);
            }

            return (null, null, error, true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, TimeSpan.Zero, $"no complete answer within {options.RequestTimeout.TotalSeconds:0.#} s", answered);
        }
        catch (HttpRequestException error)
        {
            return (null, TimeSpan.Zero, answered ? "the response broke off: " + OneLine(error) : "cannot connect: " + OneLine(error), answered);
        }
        catch (IOException error)
        {
            return (null, TimeSpan.Zero, "the response broke off: " + OneLine(error), answered);
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
        }

        return null;
    }

    private static string OneLine(Exception error)
    {
        var message = error.InnerException is { } inner && !string.IsNullOrWhiteSpace(inner.Message) ? inner.Message : error.Message;
        return message.ReplaceLineEndings(" ").Trim();
    }
}
