using System.CommandLine;

namespace PaperLsp.Cli.Catalog;

/// <summary><c>paperlsp stats</c>: what the index holds, per source.</summary>
internal static class StatsCommand
{
    public static Command Create(Option<string?> indexOption)
    {
        var command = new Command("stats", "Print counts of papers, sources, identities and vectors, and each source file.");
        command.SetAction(parse =>
        {
            var context = new CommandContext(parse, indexOption);
            using var store = context.OpenStore(createIfMissing: false);
            if (store is null)
            {
                return ExitCodes.IndexUnusable;
            }

            var info = store.Info();
            var o = context.Output;
            o.WriteLine($"index:      {info.Path}");
            o.WriteLine($"papers:     {info.PaperCount:N0}");
            o.WriteLine($"sources:    {info.SourceCount:N0}");
            o.WriteLine($"identities: {info.IdentityCount:N0}");
            o.WriteLine($"vectors:    {info.VectorCount:N0}");
            o.WriteLine($"size:       {IndexSize.Describe(info)}");
            foreach (var m in info.Models)
            {
                o.WriteLine($"model:      {m.ModelId} ({m.Name}, {m.Dimension} dims): {m.VectorCount:N0} vectors");
            }

            var sources = store.Sources();
            if (sources.Count > 0)
            {
                o.WriteLine("source files:");
                foreach (var s in sources)
                {
                    o.WriteLine($"  {s.PaperCount,8:N0} papers {s.ProblemCount,5} problems  {s.Format,-18} {s.Path}" +
                        (s.Complete ? "" : $" (interrupted after {s.RecordsDone:N0} records: 'paperlsp index' resumes it)"));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
