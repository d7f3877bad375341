namespace PaperLsp.Storage;

/// <summary>How an indexing run made its full-text entries (<see cref="IndexReport.FullText"/>).</summary>
public enum FullTextBuild
{
    /// <summary>Row by row as papers were written (FTS5 triggers).</summary>
    Triggers,

    /// <summary>On a second thread, put in place at the end of the run (a run into an empty index).</summary>
    Aside,

    /// <summary>Rebuilt from the papers table (an interrupted aside build, or papers changed beside one).</summary>
    Rebuilt,
}
