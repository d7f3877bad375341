using System.Text.RegularExpressions;

namespace PaperLsp.Architecture.Tests;

/// <summary>
/// Which namespace uses which, read from source: a file in namespace A depends on namespace B when it names a
/// type declared in B that C#'s lookup would find from A (A itself, then A's enclosing namespaces, then the
/// file's using directives), names a type through B's qualified name, or imports a namespace outside the
/// analysed files. Each edge keeps one piece of evidence (file and name) for the failure message.
/// </summary>
public sealed partial class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> edges = new(StringComparer.Ordinal);

    private NamespaceGraph(IReadOnlySet<string> namespaces) => Namespaces = namespaces;

    /// <summary>The namespaces declared by the analysed files.</summary>
    public IReadOnlySet<string> Namespaces { get; }

    /// <summary>Every edge: from, to, and why.</summary>
    public IEnumerable<(string From, string To, string Evidence)> Edges =>
        edges.SelectMany(e => e.Value.Select(t => (e.Key, t.Key, t.Value)));

    /// <summary>The namespaces that one namespace uses.</summary>
    public IReadOnlyCollection<string> Targets(string from) =>
        edges.TryGetValue(from, out var targets) ? targets.Keys : [];

    /// <summary>Why <paramref name="from"/> depends on <paramref name="to"/>, or null when it does not.</summary>
    public string? Evidence(string from, string to) =>
        edges.TryGetValue(from, out var targets) && targets.TryGetValue(to, out var why) ? why : null;

    /// <summary>Builds the graph of a set of files.</summary>
    public static NamespaceGraph Build(IEnumerable<SourceFile> sourceFiles)
    {
        var files = sourceFiles.ToList();
        var declaring = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var type in file.DeclaredTypes)
            {
                if (!declaring.TryGetValue(type, out var set))
                {
                    declaring[type] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(file.Namespace);
            }
        }

        var namespaces = files.Select(f => f.Namespace).ToHashSet(StringComparer.Ordinal);
        var external = files.SelectMany(f => f.Usings).Where(u => !namespaces.Contains(u)).ToHashSet(StringComparer.Ordinal);
        var graph = new NamespaceGraph(namespaces);
        foreach (var file in files)
        {
            foreach (var u in file.Usings.Where(external.Contains))
            {
                graph.Add(file.Namespace, u, $"{file.Path}: using {u}");
            }

            foreach (var raw in file.Names)
            {
                var name = Blank().Replace(raw, "");
                if (name.StartsWith("global::", StringComparison.Ordinal))
                {
                    name = name["global::".Length..];
                }

                var parts = name.Split('.');
                if (parts.Length > 1 && graph.ResolveQualified(file, parts, declaring, external) is { } qualified)
                {
                    graph.Add(file.Namespace, qualified, $"{file.Path}: {name}");
                    continue;
                }

                foreach (var target in Resolve(file, parts[0], declaring))
                {
                    graph.Add(file.Namespace, target, $"{file.Path}: {parts[0]}");
                }
            }
        }

        return graph;
    }

    /// <summary>Where a simple type name leads from a file: the first enclosing namespace declaring it, else every imported one.</summary>
    private static IEnumerable<string> Resolve(SourceFile file, string name, Dictionary<string, HashSet<string>> declaring)
    {
        if (!declaring.TryGetValue(name, out var candidates))
        {
            return [];
        }

        foreach (var enclosing in Enclosing(file.Namespace))
        {
            if (candidates.Contains(enclosing))
            {
                return [enclosing];
            }
        }

        return file.Usings.Where(candidates.Contains).Distinct(StringComparer.Ordinal);
    }

    /// <summary>The namespace a qualified name (<c>A.B.Type</c>, possibly relative to an enclosing namespace) points into.</summary>
    private string? ResolveQualified(SourceFile file, string[] parts, Dictionary<string, HashSet<string>> declaring, HashSet<string> external)
    {
        foreach (var enclosing in Enclosing(file.Namespace).Append(""))
        {
            // Longest namespace prefix first, e.g. PaperLsp.Server.Protocol before PaperLsp.Server.
            for (var length = parts.Length - 1; length >= 1; length--)
            {
                var prefix = string.Join('.', parts.Take(length));
                var candidate = enclosing.Length == 0 ? prefix : enclosing + "." + prefix;
                if (Namespaces.Contains(candidate) && declaring.TryGetValue(parts[length], out var declaredIn) && declaredIn.Contains(candidate))
                {
                    return candidate;
                }

                if (enclosing.Length == 0 && external.Contains(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>A namespace and then each namespace around it, innermost first.</summary>
    private static IEnumerable<string> Enclosing(string ns)
    {
        for (var current = ns; current.Length > 0; current = current.LastIndexOf('.') is var dot and > 0 ? current[..dot] : "")
        {
            yield return current;
        }
    }

    private void Add(string from, string to, string evidence)
    {
        if (from == to)
        {
            return;
        }

        if (!edges.TryGetValue(from, out var targets))
        {
            edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        targets.TryAdd(to, evidence);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blank();
}
