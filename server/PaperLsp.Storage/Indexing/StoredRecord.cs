using Microsoft.Data.Sqlite;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Storage.Indexing;

/// <summary>
/// How a paper's merged record is kept in its papers row (schema 5): the fields that have a column of their own —
/// title, abstract, year, arXiv id, DOI, and the authors when they read back from the column — are not repeated in
/// <c>record_json</c>, nor is the source path when the record came from the source row <c>source_id</c> names (the line
/// is in <c>source_line</c>). Rows written before schema 5 carry the full record in their JSON; <see cref="Read"/> reads
/// both layouts: a field the JSON has wins over the column.
/// </summary>
internal static class StoredRecord
{
    private const string AuthorSeparator = ", ";

    /// <summary>The authors column (also what FTS5 indexes): the display names joined with ", ".</summary>
    public static string AuthorsColumn(IReadOnlyList<string> authors) => string.Join(AuthorSeparator, authors);

    /// <summary>The JSON kept in the papers row; <paramref name="withSource"/> false when the source columns name the record's source.</summary>
    public static string Json(Paper paper, bool withSource)
    {
        var authorsRoundTrip = SplitAuthors(AuthorsColumn(paper.Authors)).SequenceEqual(paper.Authors, StringComparer.Ordinal);
        return StorageJson.Serialize(paper with
        {
            Title = null!,
            Abstract = "",
            Authors = authorsRoundTrip ? [] : paper.Authors,
            Year = null,
            ArxivId = null,
            Doi = null,
            Source = withSource ? paper.Source : null!,
        });
    }

    /// <summary>
    /// The complete record of a papers row from its columns and JSON. <paramref name="sourcePath"/> and
    /// <paramref name="sourceFormat"/> are those of the source row <c>source_id</c> names (null when it names none).
    /// </summary>
    public static Paper Read(string json, string title, string authors, string @abstract, long? year, string? arxivId, string? doi, string? sourcePath, string? sourceFormat, long? sourceLine)
    {
        var stored = StorageJson.Deserialize(json);
        return stored with
        {
            Title = title,
            Abstract = @abstract,
            Authors = stored.Authors.Count > 0 ? stored.Authors : SplitAuthors(authors),
            Year = year is null ? null : (int)year.Value,
            ArxivId = arxivId,
            Doi = doi,
            Source = stored.Source ?? new PaperSource(sourcePath ?? "", sourceFormat is null ? SourceFormat.Unknown : ParseFormat(sourceFormat), (int)(sourceLine ?? 0)),
        };
    }

    /// <summary>The columns <see cref="Read(SqliteDataReader, int)"/> reads, of papers row <c>p</c> joined with <see cref="SourceJoin"/>.</summary>
    public const string Columns = "p.record_json, p.title, p.authors, p.abstract, p.year, p.arxiv_id, p.doi, rs.path, rs.format, p.source_line";

    /// <summary>The join that gives papers row <c>p</c> its record's source row (alias <c>rs</c>).</summary>
    public const string SourceJoin = "LEFT JOIN sources rs ON rs.id = p.source_id";

    /// <summary>The complete record from <see cref="Columns"/>, which start at column <paramref name="first"/>.</summary>
    public static Paper Read(SqliteDataReader r, int first) => Read(
        r.GetString(first),
        r.GetString(first + 1),
        r.GetString(first + 2),
        r.GetString(first + 3),
        r.IsDBNull(first + 4) ? null : r.GetInt64(first + 4),
        r.IsDBNull(first + 5) ? null : r.GetString(first + 5),
        r.IsDBNull(first + 6) ? null : r.GetString(first + 6),
        r.IsDBNull(first + 7) ? null : r.GetString(first + 7),
        r.IsDBNull(first + 8) ? null : r.GetString(first + 8),
        r.IsDBNull(first + 9) ? null : r.GetInt64(first + 9));

    private static IReadOnlyList<string> SplitAuthors(string column) =>
        column.Length == 0 ? [] : column.Split(AuthorSeparator);

    /// <summary>A source format as the papers and sources tables store it (its enum name); unknown names read as Unknown.</summary>
    internal static SourceFormat ParseFormat(string text) =>
        Enum.TryParse<SourceFormat>(text, out var f) ? f : SourceFormat.Unknown;
}
