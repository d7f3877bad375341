namespace PaperLsp.Features.Completion;

/// <summary>
/// How the writer wrote a one-word name before the citation: its <paramref name="Spelling"/> (vLLM, RoT), and the
/// words it stands for where the writer spelled it out just before it in parentheses ("Reversal of Thought (RoT)":
/// <paramref name="Expansion"/> "reversal of thought", lower-cased, one space apart). Which paper introduced the name
/// is judged against these (<see cref="SentenceMatch.IntroducedBy"/>): "Very Large Language Models (VLLMs)" is not
/// where vLLM comes from, nor "Rules of Thumb (RoT)" where Reversal of Thought does.
/// </summary>
internal sealed record WrittenName(string Spelling, string? Expansion);
