using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

/// <summary>
/// Once a key is being typed, only candidates the typed text fits (key, title word, surname) are offered: the items carry
/// the typed text as their filter text, so an editor would show any other key as a match of what was typed.
/// </summary>
public sealed class TypedFitFilterTests
{
    [Theory]
    [InlineData("", "DudaHart2nd smith2020graphs yao2024got")] // nothing typed: every candidate
    [InlineData("yao2023tr", "")] // fits no key, title word or surname
    [InlineData("smi", "smith2020graphs")] // a key prefix
    [InlineData("grap", "smith2020graphs yao2024got")] // a title word of both
    [InlineData("hart", "DudaHart2nd")] // inside the key and a surname
    public void Typed_text_offers_only_the_candidates_it_fits(string typed, string expected)
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update("refs.bib", """
            @book{DudaHart2nd, author={Duda, Richard and Hart, Peter}, title={Pattern Classification}, year={2000}}
            @article{smith2020graphs, author={Smith, Ann}, title={Graph networks for molecules}, year={2020}}
            @article{yao2024got, author={Yao, Lin}, title={Graph of thoughts}, year={2024}}
            """);
        var text = $"Searching over thoughts and molecules~\\cite{{{typed}}}.";
        var request = new CompletionRequest(text, text.IndexOf('}', StringComparison.Ordinal), DocumentLanguage.Latex);

        var result = new CitationCompletion(new FakePaperCatalog(), bibliography).Complete(request);

        Assert.Equal(expected, string.Join(' ', result.Items.Select(i => i.Label).Order(StringComparer.Ordinal)));
    }
}
