namespace PaperLsp.Retrieval.Evaluation;

/// <summary>
/// One retrieval query with its known answers: a hit is a retrieved paper whose arXiv id is in
/// <see cref="AnswerArxivIds"/> or whose normalised title is in <see cref="AnswerTitleKeys"/>.
/// <see cref="Set"/> names the query set (e.g. the LaTeX paper it came from) for the workspace .bib boost.
/// </summary>
public sealed record EvaluationQuery(
    string Text,
    IReadOnlySet<string> AnswerArxivIds,
    IReadOnlySet<string> AnswerTitleKeys,
    string Set,
    string Origin);
