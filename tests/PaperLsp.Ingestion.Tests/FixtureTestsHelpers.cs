using PaperLsp.Ingestion.Model;

namespace PaperLsp.Ingestion.Tests;

/// <summary>Reads a source fully, collecting papers and problems.</summary>
internal static class Reading
{
    public static (List<Paper> Papers, List<ParseProblem> Problems) ReadAll(string path)
    {
        var problems = new List<ParseProblem>();
        var papers = SourceReader.Read(path, problems.Add).ToList();
        return (papers, problems);
    }

    public static (List<Paper> Papers, List<ParseProblem> Problems) ReadBytes(byte[] bytes, SourceFormat format, string name = "input")
    {
        var problems = new List<ParseProblem>();
        using var stream = new MemoryStream(bytes);
        var papers = SourceReader.Read(stream, name, format, problems.Add).ToList();
        return (papers, problems);
    }

    public static (List<Paper> Papers, List<ParseProblem> Problems) ReadText(string text, SourceFormat format, string name = "input") =>
        ReadBytes(System.Text.Encoding.UTF8.GetBytes(text), format, name);
}
