using System.Text;

namespace PaperLsp.TestSupport;

/// <summary>
/// What the <see cref="LocalHttpServer"/> answers: status, body, content type, extra headers, a pause before answering,
/// and a Content-Length to declare instead of the body's (larger: the body is cut short).
/// </summary>
public sealed record LocalHttpResponse(int Status, byte[] Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public TimeSpan Delay { get; init; }

    public int? DeclaredLength { get; init; }

    public static LocalHttpResponse Text(int status, string body, string contentType = "text/plain") => new(status, Encoding.UTF8.GetBytes(body), contentType);

    public static LocalHttpResponse NotModified(IReadOnlyDictionary<string, string>? headers = null) => new(304, []) { Headers = headers };
}
