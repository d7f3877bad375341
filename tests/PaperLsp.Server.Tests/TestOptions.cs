using PaperLsp.Server.Handlers;

namespace PaperLsp.Server.Tests;

/// <summary>Server options with the test handlers registered over the defaults.</summary>
internal static class TestOptions
{
    public static LanguageServerOptions With(Action<HandlerRegistry>? extra = null)
    {
        var registry = new HandlerRegistry()
            .Add(new DocumentTextHandler())
            .Add(new SettingsHandler())
            .Add(new ThrowingHandler())
            .Add(new WaitForCancellationHandler())
            .Add(new IllegalMutationHandler())
            .Add(new ClientHelpersHandler());
        extra?.Invoke(registry);
        return new LanguageServerOptions { Handlers = registry };
    }
}
