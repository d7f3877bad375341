using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using PaperLsp.Features.Catalog;
using PaperLsp.Server.Client;
using PaperLsp.Server.Services;
using PaperLsp.Server.Handlers;
using PaperLsp.Server.Requests;
using PaperLsp.Server.Protocol;
using PaperLsp.Server.Queue;
using PaperLsp.Server.Workspace;
using StreamJsonRpc;

namespace PaperLsp.Server;

/// <summary>One connection: JSON-RPC over the streams, the lifecycle, the request queue and the handlers.</summary>
internal sealed class LanguageServer : IDisposable
{
    private readonly LanguageServerOptions options;
    private readonly ServerLog log;
    private readonly ServerLifecycle lifecycle = new();
    private readonly OrderedSynchronizationContext dispatchContext;
    private readonly JsonRpc rpc;
    private readonly LspMessageHandler messages;
    private readonly RequestQueue queue;
    private readonly ServerServices services;
    private readonly CancellationTokenSource stopping = new();
    private PaperService? papers;
    private BackgroundCollectorKeeper? collectorKeeper;
    private IdleCollector? idleCollector;

    public LanguageServer(Stream input, Stream output, LanguageServerOptions options)
    {
        this.options = options;
        log = new ServerLog(options.LogSink);
        dispatchContext = new OrderedSynchronizationContext(e => log.Error($"dispatch failed: {e.Message}"));
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = new JsonSerializerOptions(LspJson.Options) };
        messages = new LspMessageHandler(output, input, formatter, log);
        rpc = new JsonRpc(messages)
        {
            SynchronizationContext = dispatchContext,
            CancelLocallyInvokedMethodsWhenConnectionIsClosed = true,
        };
        rpc.TraceSource = new TraceSource("PaperLsp.JsonRpc", SourceLevels.Warning);
        rpc.TraceSource.Listeners.Clear();
        rpc.TraceSource.Listeners.Add(new LogTraceListener(log));

        queue = new RequestQueue(WorkspaceSnapshot.Empty, Admit, e => log.Error($"request queue: {e}"), OnCommitted);
        var client = new LanguageClient(rpc, () => queue.Current.Client, log);
        services = new ServerServices(client, log, () => queue.Current);

        var registry = new HandlerRegistry()
            .AddRange(HandlerRegistry.CreateDefault())
            .AddRange(options.Handlers ?? new HandlerRegistry())
            .Add(new InitializeHandler(lifecycle, new ClientInfo(options.ServerName, options.ServerVersion ?? DefaultVersion())))
            .Add(new InitializedHandler(OnInitialized))
            .Add(new ShutdownHandler(lifecycle))
            .Add(new ExitHandler(lifecycle))
            .Add(new DidChangeConfigurationHandler(PullConfiguration));
        foreach (var handler in registry.Handlers)
        {
            var entryPoint = new RpcEntryPoint((parameters, token) => Dispatch(handler, parameters, token));
            rpc.AddLocalRpcMethod(RpcEntryPoint.InvokeMethod, entryPoint, new JsonRpcMethodAttribute(handler.Method) { UseSingleObjectParameterDeserialization = true });
        }
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        ThreadPoolFloor.Raise();
        try
        {
            var host = options.FeatureServices?.Invoke(services);
            papers = host?.GetService(typeof(PaperService)) as PaperService
                ?? new PaperService(services, host?.GetService(typeof(IPaperCatalog)) as IPaperCatalog)
                {
                    WarmUpHandlers = (ready, token) => HandlerWarmUp.Start(services, ready, token),
                };
            services.SetFeatures(new CombinedServiceProvider(host, papers));
        }
        catch (Exception e)
        {
            log.Error($"feature services failed to start: {e.Message}");
        }

        queue.Start();
        collectorKeeper = BackgroundCollectorKeeper.StartForProcess(services.Activity);
        idleCollector = IdleCollector.StartForProcess(services.Activity);
        rpc.StartListening();
        log.ForwardTo(message => services.Client.LogMessageAsync(message.Type, message.Message));

        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = cancellationToken.Register(() => cancelled.TrySetResult());
        var finished = await Task.WhenAny(lifecycle.Exited, rpc.Completion, cancelled.Task).ConfigureAwait(false);
        int exitCode;
        if (finished == lifecycle.Exited)
        {
            exitCode = await lifecycle.Exited.ConfigureAwait(false);
            log.Info($"exit received; exit code {exitCode}");
        }
        else if (finished == rpc.Completion)
        {
            exitCode = 1;
            log.Info(messages.EndReason is { } broken
                ? $"ending the session: {broken}"
                : rpc.Completion.IsFaulted
                    ? $"connection failed: {rpc.Completion.Exception?.GetBaseException().Message}"
                    : "connection closed without exit");
        }
        else
        {
            exitCode = 1;
            log.Info("stopped by the host");
        }

        if (collectorKeeper is { Started: > 0 } keeper)
        {
            log.Info($"background collections started in editor pauses to keep the collector's thread: {keeper.Started}");
        }

        if (idleCollector is { } idle)
        {
            log.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"young-generation collections run in editor pauses: {idle.Started} ({idle.Widened} of them widened to generation 1 or older), pausing {idle.Paused.TotalMilliseconds:F0} ms in all; budget learnt {idle.Budget / 1048576.0:F1} MiB, reserve {idle.Reserve / 1048576.0:F1} MiB"));
        }

        log.ForwardTo(null);
        return exitCode;
    }

    public void Dispose()
    {
        stopping.Cancel();
        collectorKeeper?.Dispose();
        idleCollector?.Dispose();
        papers?.Dispose();
        queue.Complete();
        rpc.Dispose();
        dispatchContext.Dispose();
        stopping.Dispose();
    }

    private Task<JsonElement> Dispatch(RegisteredHandler handler, JsonElement parameters, CancellationToken cancellationToken)
    {
        // Called on the ordered dispatch context, in wire order: only enqueue here.
        var entry = new RpcQueueEntry(handler, parameters.ValueKind == JsonValueKind.Undefined ? default : parameters.Clone(), services, cancellationToken);
        queue.Enqueue(entry);
        return entry.Completion;
    }

    private Exception? Admit(QueueEntry entry)
    {
        var method = entry.Method;
        return lifecycle.Phase switch
        {
            LifecyclePhase.Exited => Refuse(LspErrorCodes.InvalidRequest, $"{method}: the server has exited"),
            _ when method == "exit" || entry is WorkspaceUpdateEntry => null,
            LifecyclePhase.Uninitialized when method != "initialize" => Refuse(LspErrorCodes.ServerNotInitialized, $"{method}: the server is not initialized yet"),
            LifecyclePhase.ShutdownRequested => Refuse(LspErrorCodes.InvalidRequest, $"{method}: the server is shutting down"),
            LifecyclePhase.Initialized when method == "initialize" => Refuse(LspErrorCodes.InvalidRequest, "initialize: the server is already initialized"),
            _ => null,
        };
    }

    private static LocalRpcException Refuse(int code, string message) => new(message) { ErrorCode = code };

    private void OnInitialized(RequestContext context)
    {
        PullConfiguration();
        papers?.Start();
    }

    private void OnCommitted(WorkspaceSnapshot previous, WorkspaceSnapshot next)
    {
        try
        {
            papers?.OnWorkspaceChanged(previous, next);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            log.Error($"paper service: {e.Message}");
        }

        if (ReferenceEquals(previous, WorkspaceSnapshot.Empty) || !Equals(previous.Settings, next.Settings))
        {
            if (options.SettingsChanged is { } changed)
            {
                try
                {
                    changed(next.Settings, services);
                }
                catch (Exception e)
                {
                    log.Error($"settings change handler failed: {e.Message}");
                }
            }
        }
    }

    /// <summary>Asks workspace/configuration for "paperlsp" in the background and queues the result as a mutation.</summary>
    internal void PullConfiguration()
    {
        if (!queue.Current.Client.ConfigurationPull)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var json = await services.Client.GetConfigurationAsync("paperlsp", null, stopping.Token).ConfigureAwait(false);
                if (json is null)
                {
                    return;
                }

                queue.Enqueue(new WorkspaceUpdateEntry("paperlsp/configurationPulled", w =>
                {
                    var settings = PaperLspSettings.Read(json, w.Settings);
                    foreach (var problem in settings.Problems)
                    {
                        log.Warning(problem);
                    }

                    return w with { Settings = settings };
                }));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                log.Warning($"workspace/configuration failed: {e.Message}");
            }
        });
    }

    private static string DefaultVersion() =>
        typeof(LanguageServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
