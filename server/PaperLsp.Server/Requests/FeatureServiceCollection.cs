
namespace PaperLsp.Server.Requests;

/// <summary>A minimal service provider: one instance per type, looked up by exact type or assignability.</summary>
public sealed class FeatureServiceCollection : IServiceProvider
{
    private readonly List<object> services = [];

    /// <summary>Adds a service instance and returns the collection.</summary>
    public FeatureServiceCollection Add<T>(T service)
        where T : class
    {
        services.Add(service);
        return this;
    }

    public object? GetService(Type serviceType) => services.FirstOrDefault(serviceType.IsInstanceOfType);
}
