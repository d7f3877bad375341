namespace PaperLsp.Server.Services;

/// <summary>The host's feature services first, then the server's built-in ones.</summary>
internal sealed class CombinedServiceProvider(IServiceProvider? host, params object[] builtIn) : IServiceProvider
{
    public object? GetService(Type serviceType) =>
        host?.GetService(serviceType) ?? builtIn.FirstOrDefault(serviceType.IsInstanceOfType);
}
