namespace PaperLsp.Features.Papers;

/// <summary>
/// The parts a writer's citation key spells (<c>jimenez2024swebench</c>: surname <c>jimenez</c>, year 2024, first title
/// word <c>swebench</c>), all lower case; see <see cref="WriterKeyResolver.Parse"/>.
/// </summary>
public readonly record struct WriterKey(string Surname, int Year, string Word);
