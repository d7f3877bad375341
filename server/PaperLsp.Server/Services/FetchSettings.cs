using PaperLsp.Fetching;
using PaperLsp.Server.Workspace;

namespace PaperLsp.Server.Services;

/// <summary>The fetch options of the settings: their base URLs over those of the environment (PAPERLSP_*_URL), else the real services.</summary>
internal static class FetchSettings
{
    public static FetchOptions OptionsOf(PaperLspSettings settings)
    {
        var options = FetchOptions.FromEnvironment();
        return options with
        {
            HuggingFaceUrl = FetchOptions.UrlFrom(settings.HuggingFaceUrl) ?? options.HuggingFaceUrl,
            ArxivUrl = FetchOptions.UrlFrom(settings.ArxivUrl) ?? options.ArxivUrl,
            DoiUrl = FetchOptions.UrlFrom(settings.DoiUrl) ?? options.DoiUrl,
        };
    }
}
