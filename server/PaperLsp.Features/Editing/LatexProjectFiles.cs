namespace PaperLsp.Features.Editing;

/// <summary>
/// How <see cref="LatexProject"/> sees the files around a document: the .tex files directly in a folder, and a .tex
/// file's text (null when unreadable). The server lists and reads the disk (reads kept while a file is unchanged).
/// </summary>
public sealed record LatexProjectFiles(Func<string, IEnumerable<string>> TexFilesIn, Func<string, string?> ReadTex);
