using PaperLsp.Server.Handlers;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server;

/// <summary>How the host configures the server: logging, extra handlers and feature services.</summary>
public sealed class LanguageServerOptions
{
    /// <summary>Receives every log line (the CLI writes them to stderr). Null = no local log.</summary>
    public Action<string>? LogSink { get; init; }

    /// <summary>Handlers added over the defaults of <see cref="HandlerRegistry.CreateDefault"/>; same method replaces.</summary>
    public HandlerRegistry? Handlers { get; init; }

    /// <summary>
    /// Creates the feature services (IPaperCatalog, ...) once the connection exists, so they can use the
    /// client (progress, logs). Handlers get them through RequestContext.GetService&lt;T&gt;().
    /// </summary>
    public Func<ServerServices, IServiceProvider?>? FeatureServices { get; init; }

    /// <summary>Called (on the queue, keep it short) after the effective settings changed, including the first time.</summary>
    public Action<PaperLspSettings, ServerServices>? SettingsChanged { get; init; }

    /// <summary>Name reported in serverInfo.</summary>
    public string ServerName { get; init; } = "paperlsp";

    /// <summary>Version reported in serverInfo (default: the assembly's informational version).</summary>
    public string? ServerVersion { get; init; }
}
