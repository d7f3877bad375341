using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PaperLsp.TestSupport;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (a random free port) for tests of network code: every request is answered by
/// the test's handler, one connection per request (Connection: close), so a handler can script any answer — status
/// codes, headers such as Retry-After or ETag, a slow answer, a body shorter than its Content-Length. It records the
/// requests it saw and the most connections it had open at once. Nothing here reaches beyond the loopback address.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly Func<LocalHttpRequest, LocalHttpResponse> handler;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task acceptLoop;
    private int open;
    private int maxOpen;

    public LocalHttpServer(Func<LocalHttpRequest, LocalHttpResponse> handler)
    {
        this.handler = handler;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        acceptLoop = Task.Run(AcceptAsync);
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseUrl { get; }

    /// <summary>Every request seen, in arrival order.</summary>
    public ConcurrentQueue<LocalHttpRequest> Requests { get; } = new();

    /// <summary>The most requests that were being answered at the same time.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref maxOpen);

    /// <summary>A URL on no listening port of 127.0.0.1 (a server started and stopped at once): connections are refused.</summary>
    public static Uri ClosedPortUrl()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient connection;
            try
            {
                connection = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    private async Task ServeAsync(TcpClient connection)
    {
        using (connection)
        {
            try
            {
                var stream = connection.GetStream();
                var request = await ReadRequestAsync(stream);
                if (request is null)
                {
                    return;
                }

                var now = Interlocked.Increment(ref open);
                InterlockedMax(ref maxOpen, now);
                try
                {
                    Requests.Enqueue(request);
                    var response = handler(request);
                    if (response.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(response.Delay, stopping.Token);
                    }

                    await WriteAsync(stream, response);
                }
                finally
                {
                    Interlocked.Decrement(ref open);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the client went away (e.g. it timed out): nothing to answer
            }
        }
    }

    private static async Task<LocalHttpRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (buffer.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
            var n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
            {
                break;
            }
        }

        var lines = Encoding.ASCII.GetString([.. buffer]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return new LocalHttpRequest(first[0], first.Length > 1 ? first[1] : "/", headers);
    }

    private static async Task WriteAsync(NetworkStream stream, LocalHttpResponse response)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
        if (response.Status != 304)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n");
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.DeclaredLength ?? response.Body.Length}\r\n");
        }

        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (response.Status != 304)
        {
            await stream.WriteAsync(response.Body);
        }

        await stream.FlushAsync();
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        304 => "Not Modified",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
