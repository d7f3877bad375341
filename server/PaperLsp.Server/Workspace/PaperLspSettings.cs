using System.Collections.Immutable;
using System.Text.Json;

namespace PaperLsp.Server.Workspace;

/// <summary>
/// The "paperlsp" settings section: from initializationOptions, workspace/didChangeConfiguration or the
/// workspace/configuration pull. Unknown keys are ignored; a value of the wrong type keeps the default and
/// is reported in <see cref="Problems"/>.
/// </summary>
public sealed record PaperLspSettings
{
    /// <summary>Defaults used before the client sends anything.</summary>
    public static PaperLspSettings Default { get; } = new();

    /// <summary>The citation macros offered: the style's command for inserted citations.</summary>
    public static ImmutableArray<string> CitationStyles { get; } = ["auto", "cite", "citep", "citet", "autocite", "parencite", "textcite"];

    /// <summary>Smallest, largest and default <see cref="CompletionLimit"/>; client-vscode/package.json documents these (a test checks).</summary>
    public const int MinCompletionLimit = 1;

    /// <inheritdoc cref="MinCompletionLimit"/>
    public const int MaxCompletionLimit = 1000;

    /// <inheritdoc cref="MinCompletionLimit"/>
    public const int DefaultCompletionLimit = 50;

    /// <summary>Devices accepted for the embedding model.</summary>
    public static ImmutableArray<string> Devices { get; } = ["auto", "cpu", "cuda"];

    /// <summary>Files or folders with papers to index (listings, JSONL, BibTeX...).</summary>
    public ImmutableArray<string> CorpusPaths { get; init; } = [];

    /// <summary>Where the SQLite index lives; null = the default location chosen by the indexer.</summary>
    public string? IndexPath { get; init; }

    /// <summary>The embedding model: a built-in name (arctic-embed-xs, minilm) or a model folder; null = the default model.</summary>
    public string? ModelPath { get; init; }

    /// <summary>auto, cpu or cuda.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>
    /// auto (the document's dominant cite macro; natbib: citep, biblatex: autocite, else cite), cite, citep, citet,
    /// autocite, parencite or textcite: the macro used when inserting citations.
    /// </summary>
    public string CitationStyle { get; init; } = "auto";

    /// <summary>
    /// The .bib that gets new entries when the document names none (\bibliography/\addbibresource) and its folder has
    /// none; relative to the document's folder; null = the first workspace .bib, else a new references.bib.
    /// </summary>
    public string? BibFile { get; init; }

    /// <summary>
    /// The citation key pattern for index papers without a .bib key (see <see cref="Ingestion.Identity.CitationKeyPattern"/>;
    /// default <see cref="Ingestion.Identity.CitationKeyPattern.DefaultText"/>); null = the pattern the index remembers.
    /// A changed pattern re-keys the index's generated keys on the next indexing run; .bib keys never change.
    /// </summary>
    public string? CitationKeyPattern { get; init; }

    /// <summary>Extra macro names (without backslash) that take citation keys, e.g. "citeauthor".</summary>
    public ImmutableArray<string> CustomCiteMacros { get; init; } = [];

    /// <summary>Most completion items returned.</summary>
    public int CompletionLimit { get; init; } = DefaultCompletionLimit;

    /// <summary>
    /// Picking an index paper that is not in the workspace .bib from the completion list also appends its BibTeX entry
    /// (through the item's command and workspace/applyEdit), so the new citation is not an unknown key.
    /// </summary>
    public bool CompletionAddsBibEntry { get; init; } = true;

    /// <summary>Base URL of the Hugging Face API for "Add paper…" (null: https://huggingface.co/, or $PAPERLSP_HF_URL).</summary>
    public string? HuggingFaceUrl { get; init; }

    /// <summary>Base URL of the arXiv API for "Add paper…" (null: https://export.arxiv.org/, or $PAPERLSP_ARXIV_URL).</summary>
    public string? ArxivUrl { get; init; }

    /// <summary>Base URL of the DOI resolver for "Add paper…" (null: https://doi.org/, or $PAPERLSP_DOI_URL).</summary>
    public string? DoiUrl { get; init; }

    /// <summary>
    /// Off by default (PaperLsp stays offline): when on, the server syncs Hugging Face Daily Papers into its index in
    /// the background once a day (at start, then when the date changes), like <c>paperlsp sync hf</c>.
    /// </summary>
    public bool SyncHuggingFaceDaily { get; init; }

    /// <summary>What was wrong in the last settings object read (empty when everything was fine).</summary>
    public ImmutableArray<string> Problems { get; init; } = [];

    /// <summary>
    /// Reads settings over a base: accepts the section itself ({"corpusPaths": ...}) or an object holding it
    /// under "paperlsp". Null or non-object input gives the base unchanged.
    /// </summary>
    public static PaperLspSettings Read(JsonElement? json, PaperLspSettings? basis = null)
    {
        var settings = basis ?? Default;
        if (json is not { ValueKind: JsonValueKind.Object } element)
        {
            return settings with { Problems = [] };
        }

        if (element.TryGetProperty("paperlsp", out var nested) && nested.ValueKind == JsonValueKind.Object)
        {
            element = nested;
        }

        var problems = ImmutableArray.CreateBuilder<string>();
        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "corpusPaths":
                    settings = ReadStrings(value, property.Name, problems) is { } paths ? settings with { CorpusPaths = paths } : settings;
                    break;
                case "indexPath":
                    settings = settings with { IndexPath = ReadOptionalString(value, property.Name, problems, settings.IndexPath) };
                    break;
                case "modelPath":
                    settings = settings with { ModelPath = ReadOptionalString(value, property.Name, problems, settings.ModelPath) };
                    break;
                case "device":
                    settings = settings with { Device = ReadChoice(value, property.Name, Devices, problems, settings.Device) };
                    break;
                case "citationStyle":
                    settings = settings with { CitationStyle = ReadChoice(value, property.Name, CitationStyles, problems, settings.CitationStyle) };
                    break;
                case "bibFile":
                    settings = settings with { BibFile = ReadOptionalString(value, property.Name, problems, settings.BibFile) };
                    break;
                case "citationKeyPattern":
                    var patternText = ReadOptionalString(value, property.Name, problems, settings.CitationKeyPattern);
                    if (patternText is not null && !Ingestion.Identity.CitationKeyPattern.TryParse(patternText, out _, out var patternError))
                    {
                        problems.Add($"paperlsp.citationKeyPattern: {patternError}; keeping {settings.CitationKeyPattern ?? "the index's pattern"}");
                    }
                    else
                    {
                        settings = settings with { CitationKeyPattern = patternText };
                    }

                    break;
                case "customCiteMacros":
                    settings = ReadStrings(value, property.Name, problems) is { } macros
                        ? settings with { CustomCiteMacros = [.. macros.Select(m => m.TrimStart('\\')).Where(m => m.Length > 0)] }
                        : settings;
                    break;
                case "completionLimit":
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var limit) && limit is >= MinCompletionLimit and <= MaxCompletionLimit)
                    {
                        settings = settings with { CompletionLimit = limit };
                    }
                    else
                    {
                        problems.Add($"paperlsp.completionLimit must be an integer from {MinCompletionLimit} to {MaxCompletionLimit} (got {Describe(value)}); keeping {settings.CompletionLimit}");
                    }

                    break;
                case "completionAddsBibEntry":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        settings = settings with { CompletionAddsBibEntry = value.GetBoolean() };
                    }
                    else
                    {
                        problems.Add($"paperlsp.completionAddsBibEntry must be true or false (got {Describe(value)}); keeping {(settings.CompletionAddsBibEntry ? "true" : "false")}");
                    }

                    break;
                case "huggingFaceUrl":
                    settings = settings with { HuggingFaceUrl = ReadOptionalString(value, property.Name, problems, settings.HuggingFaceUrl) };
                    break;
                case "arxivUrl":
                    settings = settings with { ArxivUrl = ReadOptionalString(value, property.Name, problems, settings.ArxivUrl) };
                    break;
                case "syncHuggingFaceDaily":
                    if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        settings = settings with { SyncHuggingFaceDaily = value.GetBoolean() };
                    }
                    else
                    {
                        problems.Add($"paperlsp.syncHuggingFaceDaily must be true or false (got {Describe(value)}); keeping {(settings.SyncHuggingFaceDaily ? "true" : "false")}");
                    }

                    break;
                case "doiUrl":
                    settings = settings with { DoiUrl = ReadOptionalString(value, property.Name, problems, settings.DoiUrl) };
                    break;
                default:
                    break;
            }
        }

        return settings with { Problems = problems.ToImmutable() };
    }

    private static ImmutableArray<string>? ReadStrings(JsonElement value, string name, ImmutableArray<string>.Builder problems)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
        {
            return [.. value.EnumerateArray().Select(v => v.GetString()!).Where(s => s.Length > 0)];
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        problems.Add($"paperlsp.{name} must be an array of strings (got {Describe(value)}); ignored");
        return null;
    }

    private static string? ReadOptionalString(JsonElement value, string name, ImmutableArray<string>.Builder problems, string? current)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString();
                return string.IsNullOrWhiteSpace(text) ? null : text;
            case JsonValueKind.Null:
                return null;
            default:
                problems.Add($"paperlsp.{name} must be a string (got {Describe(value)}); ignored");
                return current;
        }
    }

    private static string ReadChoice(JsonElement value, string name, ImmutableArray<string> choices, ImmutableArray<string>.Builder problems, string current)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()?.Trim().ToLowerInvariant() : null;
        if (text is not null && choices.Contains(text))
        {
            return text;
        }

        problems.Add($"paperlsp.{name} must be one of {string.Join(", ", choices)} (got {Describe(value)}); keeping {current}");
        return current;
    }

    private static string Describe(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length > 60 ? raw[..60] + "..." : raw;
    }
}
