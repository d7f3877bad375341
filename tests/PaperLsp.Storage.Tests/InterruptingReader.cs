using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Tests;

/// <summary>Reads like <see cref="LineFormatReader"/>, but the run dies (<see cref="SimulatedKill"/>, which the indexer does not catch) after N records of big.papers.</summary>
internal sealed class InterruptingReader(int after) : IPaperSourceReader
{
    private readonly LineFormatReader inner = new();

    public bool IsSupported(string path) => inner.IsSupported(path);

    public SourceFormat Detect(string path) => inner.Detect(path);

    public IEnumerable<Paper> Read(string path, Action<ParseProblem> onProblem)
    {
        var n = 0;
        foreach (var paper in inner.Read(path, onProblem))
        {
            if (Path.GetFileName(path) == "big.papers" && n++ == after)
            {
                throw new SimulatedKill();
            }

            yield return paper;
        }
    }
}
