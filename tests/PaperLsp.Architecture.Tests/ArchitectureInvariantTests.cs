using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using PaperLsp.TestSupport;

namespace PaperLsp.Architecture.Tests;

/// <summary>
/// The "Architecture invariant:" lines of docs/architecture.md, each checked against the code as it is:
/// the source under server/ for namespaces, the project files for project references, and the built
/// assemblies' metadata for what each assembly really references.
/// </summary>
public sealed class ArchitectureInvariantTests
{
    private static readonly Lazy<NamespaceGraph> Graph = new(() => NamespaceGraph.Build(RepoSources.ProductFiles));

    [Fact]
    public void No_namespace_cycles_in_the_product()
    {
        var graph = Graph.Value;
        var cycles = Cycles.Find(graph.Namespaces, graph.Targets);

        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles.Select(c => Describe(graph, c))));
    }

    [Fact]
    public void No_project_reference_cycles()
    {
        var references = RepoSources.Files("server", "*.csproj")
            .Concat(RepoSources.Files("tests", "*.csproj"))
            .Concat(RepoSources.Files("bench", "*.csproj"))
            .ToDictionary(
                p => Path.GetFileNameWithoutExtension(p),
                p => XDocument.Load(p).Descendants("ProjectReference")
                    .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
                    .ToArray());

        Assert.True(references.Count >= 7, "the project files were not found");
        var cycles = Cycles.Find(references.Keys, p => references.GetValueOrDefault(p, []));
        Assert.True(cycles.Count == 0, "Project cycles: " + string.Join("; ", cycles.Select(c => string.Join(" ⇄ ", c))));
    }

    [Fact]
    public void Only_the_server_assembly_references_StreamJsonRpc()
    {
        var referencing = ProductAssemblies()
            .Where(a => a.AssemblyReferences.Contains("StreamJsonRpc"))
            .Select(a => a.Name)
            .ToList();

        Assert.Equal(["PaperLsp.Server"], referencing);
    }

    [Fact]
    public void Only_the_server_assembly_uses_protocol_types()
    {
        var assemblies = ProductAssemblies();
        Assert.Contains(assemblies, a => a.Name == "paperlsp" && a.AssemblyReferences.Contains("PaperLsp.Server"));

        var offenders = assemblies
            .Where(a => a.Name != "PaperLsp.Server")
            .SelectMany(a => a.TypeReferences
                .Where(t => t.StartsWith("PaperLsp.Server.Protocol.", StringComparison.Ordinal) || t.StartsWith("StreamJsonRpc.", StringComparison.Ordinal))
                .Select(t => $"{a.Name} uses {t}"))
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void Only_the_server_namespaces_name_protocol_or_json_rpc_types()
    {
        var graph = Graph.Value;
        var offenders = graph.Edges
            .Where(e => !e.From.StartsWith("PaperLsp.Server", StringComparison.Ordinal))
            .Where(e => e.To.StartsWith("PaperLsp.Server.Protocol", StringComparison.Ordinal) || e.To.StartsWith("StreamJsonRpc", StringComparison.Ordinal))
            .Select(e => $"{e.From} → {e.To} ({e.Evidence})")
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void Feature_code_names_no_sqlite_onnx_or_protocol_types()
    {
        var graph = Graph.Value;
        var featureNamespaces = graph.Namespaces
            .Where(n => n == "PaperLsp.Features" || n.StartsWith("PaperLsp.Features.", StringComparison.Ordinal))
            .ToList();
        Assert.Contains("PaperLsp.Features.Completion", featureNamespaces);

        var offenders = featureNamespaces
            .SelectMany(n => graph.Targets(n)
                .Where(t => t.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal)
                    || t.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal)
                    || t.StartsWith("StreamJsonRpc", StringComparison.Ordinal)
                    || t.StartsWith("PaperLsp.Server", StringComparison.Ordinal))
                .Select(t => $"{n} → {t} ({graph.Evidence(n, t)})"))
            .ToList();

        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public void The_features_assembly_references_no_storage_embeddings_sqlite_or_onnx()
    {
        var features = ProductAssemblies().Single(a => a.Name == "PaperLsp.Features");
        Assert.Contains("PaperLsp.Ingestion", features.AssemblyReferences);

        string[] forbidden = ["PaperLsp.Storage", "PaperLsp.Embeddings", "PaperLsp.Retrieval", "Microsoft.Data.Sqlite", "Microsoft.ML.OnnxRuntime"];
        var offenders = forbidden.Where(features.AssemblyReferences.Contains).ToList();

        Assert.True(offenders.Count == 0, "PaperLsp.Features references " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_architecture_document_states_every_checked_invariant()
    {
        var doc = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "docs", "architecture.md"));
        var invariants = doc.Split('\n').Where(l => l.Contains("Architecture invariant:", StringComparison.Ordinal)).ToList();

        Assert.Contains(invariants, l => l.Contains("StreamJsonRpc", StringComparison.Ordinal));
        Assert.Contains(invariants, l => l.Contains("SQLite", StringComparison.Ordinal) && l.Contains("ONNX", StringComparison.Ordinal));
        Assert.Contains(invariants, l => l.Contains("namespace cycle", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(invariants, l => l.Contains("project cycle", StringComparison.OrdinalIgnoreCase) || l.Contains("project reference cycle", StringComparison.OrdinalIgnoreCase));

        // Every product project has a section in the code map, and every folder of it is named in that section.
        var missing = new List<string>();
        foreach (var project in Directory.EnumerateDirectories(Path.Combine(SharedData.RepoRoot, "server")))
        {
            var heading = $"### `server/{Path.GetFileName(project)}`";
            var start = doc.IndexOf(heading, StringComparison.Ordinal);
            if (start < 0)
            {
                missing.Add(heading);
                continue;
            }

            var end = doc.IndexOf("\n### ", start + heading.Length, StringComparison.Ordinal);
            var section = doc[start..(end < 0 ? doc.Length : end)];
            missing.AddRange(Directory.EnumerateDirectories(project)
                .Select(Path.GetFileName)
                .Where(folder => folder is not ("bin" or "obj") && !section.Contains($"`{folder}/`", StringComparison.Ordinal))
                .Select(folder => $"{Path.GetFileName(project)}/{folder}/"));
        }

        Assert.True(missing.Count == 0, "Missing from the code map of docs/architecture.md: " + string.Join(", ", missing));
    }

    /// <summary>
    /// The catalog implementation (PaperLsp.Retrieval: SQLite data_version polling, embedding jobs) is
    /// the data layer that feature code reaches through <c>IPaperCatalog</c>; it is slated for its own project.
    /// </summary>
    private static bool IsRetrievalLayer(string ns) =>
        ns == "PaperLsp.Retrieval" || ns.StartsWith("PaperLsp.Retrieval.", StringComparison.Ordinal);

    private static string Describe(NamespaceGraph graph, IReadOnlyList<string> cycle)
    {
        var members = cycle.ToHashSet(StringComparer.Ordinal);
        var lines = cycle.SelectMany(from => graph.Targets(from).Where(members.Contains)
            .Select(to => $"    {from} → {to}  ({graph.Evidence(from, to)})"));
        return "  " + string.Join(" ⇄ ", cycle) + "\n" + string.Join("\n", lines);
    }

    private static IReadOnlyList<AssemblyFacts> ProductAssemblies()
    {
        // The Cli's assembly is named after its command, paperlsp.dll.
        var list = Directory.EnumerateFiles(AppContext.BaseDirectory, "PaperLsp.*.dll")
            .Append(Path.Combine(AppContext.BaseDirectory, "paperlsp.dll"))
            .Where(p => !Path.GetFileName(p).Contains(".Tests", StringComparison.Ordinal) && !Path.GetFileName(p).Contains("TestSupport", StringComparison.Ordinal))
            .Select(AssemblyFacts.Read)
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        Assert.True(list.Count >= 6 && list.Any(a => a.Name == "paperlsp"), "expected the product assemblies beside the tests, found " + string.Join(", ", list.Select(a => a.Name)));
        return list;
    }

    /// <summary>An assembly's name, the assemblies it references and the full names of the types it references, read from its metadata.</summary>
    private sealed record AssemblyFacts(string Name, IReadOnlySet<string> AssemblyReferences, IReadOnlyList<string> TypeReferences)
    {
        public static AssemblyFacts Read(string path)
        {
            using var pe = new PEReader(File.OpenRead(path));
            var md = pe.GetMetadataReader();
            var assemblies = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToHashSet(StringComparer.Ordinal);
            var types = md.TypeReferences.Select(h => md.GetTypeReference(h))
                .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name))
                .ToList();
            return new AssemblyFacts(md.GetString(md.GetAssemblyDefinition().Name), assemblies, types);
        }
    }
}
