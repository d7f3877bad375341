using System.CommandLine;
using Microsoft.Data.Sqlite;

namespace PaperLsp.Cli.Tests;

/// <summary>Runs the catalog commands in-process against a temporary folder and captures their output.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun()
    {
        Root = Path.Combine(Path.GetTempPath(), "paperlsp-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Corpus);
    }

    public string Root { get; }

    public string Corpus => Path.Combine(Root, "corpus");

    public string DbPath => Path.Combine(Root, "index.db");

    public string WriteJsonl(string name, params string[] lines)
    {
        var path = Path.Combine(Corpus, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public static string Record(string arxivId, string title, string @abstract, string date = "2024-03-01", params string[] authors) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["arxiv_id"] = arxivId,
            ["title"] = title,
            ["abstract"] = @abstract,
            ["authors"] = authors,
            ["date"] = date,
            ["source"] = "test",
        });

    /// <summary>Runs <c>paperlsp --index DB args…</c>; returns exit code, stdout and stderr.</summary>
    public (int Exit, string Out, string Err) Run(params string[] args) => RunWithIndex(DbPath, args);

    public static (int Exit, string Out, string Err) RunWithIndex(string? index, params string[] args)
    {
        var root = Program.CreateRoot();
        var output = new StringWriter();
        var error = new StringWriter();
        var all = index is null ? args : ["--index", index, .. args];
        var exit = root.Parse(all).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
