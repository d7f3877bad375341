using System.Text;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Model;
using PaperLsp.TestSupport.Fuzz;
using Xunit.Abstractions;

namespace PaperLsp.Server.Tests;

/// <summary>
/// The fuzz drivers of the bench modes (bench: fuzz-parsers, fuzz-lsp) in small sizes. The suite uses fixed seeds so
/// that a red run is a regression, not a new random find (new finds are the bench modes' job, with fresh seeds);
/// PAPERLSP_FUZZ_SEED runs another seed. The seed is printed, and a failure's message names it.
/// </summary>
public sealed class FuzzSmokeTests(ITestOutputHelper output)
{
    private const int FixedSeed = 20261201;

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("PAPERLSP_FUZZ_SEED"), out var seed) ? seed : FixedSeed;

    [Fact]
    public async Task The_server_keeps_the_model_text_and_answers_every_valid_request()
    {
        var seed = Seed();
        output.WriteLine($"seed {seed}");

        var report = await LspModelFuzz.RunAsync(steps: 300, seed);

        output.WriteLine(report.ToString());
        Assert.True(report.TextChecks > 50, report.ToString());
    }

    [Theory]
    [InlineData(DocumentLanguage.Latex)]
    [InlineData(DocumentLanguage.Markdown)]
    [InlineData(DocumentLanguage.Typst)]
    public void Citation_scanners_keep_their_spans_inside_the_text(DocumentLanguage language)
    {
        var seed = Seed();
        output.WriteLine($"seed {seed}");
        const string Document = "Prior work \\cite{smith2020known, doe2019other} and [@vaswani2017; see @doe2019other] or #cite(<a>).\n% \\cite{hidden}\n";

        var keys = ParserFuzz.RunCitationScanner(language, Document, cases: 500, seed);

        output.WriteLine($"{keys} key spans checked");
    }

    [Fact]
    public void The_csl_json_parser_survives_mutations()
    {
        var seed = Seed();
        output.WriteLine($"seed {seed}");
        var document = Encoding.UTF8.GetBytes("""[{"id":"a","type":"article-journal","title":"Attention Is All You Need","author":[{"family":"Vaswani","given":"Ashish"}],"issued":{"date-parts":[[2017]]}}]""");

        var papers = ParserFuzz.RunSourceFormat(SourceFormat.CslJson, document, cases: 300, seed);

        output.WriteLine($"{papers} papers parsed");
    }
}
