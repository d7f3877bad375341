using PaperLsp.Features.Citations;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

/// <summary>
/// Which half-typed cite commands anticipate a key slot, and that the slot they open asks the catalog the same sentence
/// query as the slot the user then opens (what speculative completion relies on for its answer to be reused).
/// </summary>
public sealed class CitationAnticipationTests
{
    private const string Sentence = "Graph neural networks learn node representations by passing messages between neighbours";
    private const string After = "\nThe second line continues the paragraph with more words about message passing.\n";

    private static AnticipatedSlot? At(string marked, DocumentLanguage language = DocumentLanguage.Latex, IEnumerable<string>? macros = null)
    {
        var offset = marked.IndexOf('|', StringComparison.Ordinal);
        var text = marked.Remove(offset, 1);
        return CitationAnticipation.Anticipate(ChunkedText.Of(text), offset, language, macros);
    }

    [Theory]
    [InlineData("Prior work~\\ci|", "te{}", 3)]
    [InlineData("Prior work~\\cite|", "{}", 1)]
    [InlineData("Prior work~\\citep|.", "{}", 1)]
    [InlineData("Prior work \\parenc|", "ite{}", 4)]
    [InlineData("Prior work~\\c|", "ite{}", 4)]
    [InlineData("Prior work~\\citep*|", "{}", 1)]
    [InlineData("Prior work~\\autocites|", "{}", 1)]
    public void A_latex_cite_command_being_typed_opens_its_slot(string marked, string insert, int caret)
    {
        var slot = At(marked);

        Assert.Equal(new AnticipatedSlot(insert, caret), slot);
    }

    [Theory]
    [InlineData("Prior work \\c|")] // one letter, not after ~: \caption, \centering …
    [InlineData("We compose $f \\circ| g$")]
    [InlineData("Prior \\textbf|")]
    [InlineData("Prior work~\\ci|te{a}")] // editing an existing command's name
    [InlineData("Prior work~\\cit|ep")] // inside the name
    [InlineData("% Prior work~\\cite|")] // a comment
    [InlineData("line break \\\\ci|")] // \\ then letters
    [InlineData("Prior work~\\cite{a|")] // already in a slot
    [InlineData("Prior work~\\citex|")]
    public void Other_text_before_the_cursor_anticipates_nothing(string marked)
    {
        Assert.Null(At(marked));
    }

    [Fact]
    public void Custom_cite_macros_count_as_cite_commands()
    {
        Assert.Null(At("Prior work~\\myre|"));
        Assert.Equal(new AnticipatedSlot("f{}", 2), At("Prior work~\\myre|", macros: ["\\myref"]));
    }

    [Theory]
    [InlineData("Prior work [|", DocumentLanguage.Markdown, "@", 1)]
    [InlineData("[|", DocumentLanguage.Markdown, "@", 1)]
    [InlineData("Prior work #ci|", DocumentLanguage.Typst, "te(<>)", 4)]
    [InlineData("Prior work #cite(|", DocumentLanguage.Typst, "<>)", 1)]
    [InlineData("Prior work #cite(|)", DocumentLanguage.Typst, "<>", 1)]
    public void Markdown_and_typst_openings(string marked, DocumentLanguage language, string insert, int caret)
    {
        Assert.Equal(new AnticipatedSlot(insert, caret), At(marked, language));
    }

    [Theory]
    [InlineData("see a[|", DocumentLanguage.Markdown)] // a link or footnote, not a citation
    [InlineData("Prior work #c|", DocumentLanguage.Typst)]
    [InlineData("Prior work #image(|", DocumentLanguage.Typst)]
    public void Markup_text_that_opens_no_citation(string marked, DocumentLanguage language)
    {
        Assert.Null(At(marked, language));
    }

    [Theory]
    [InlineData("\\ci")]
    [InlineData("\\cit")]
    [InlineData("\\cite")]
    [InlineData("\\citep")]
    [InlineData("\\citet")]
    public void The_opened_slot_asks_the_same_sentence_query_as_the_slot_the_user_opens(string typed)
    {
        foreach (var after in new[] { After, " which scale to large graphs." + After, "" })
        {
            var before = "\\section{Introduction}\n" + Sentence + "~" + typed;
            var slot = At(before + "|" + after);
            Assert.NotNull(slot);
            var anticipated = before + slot.Insert + after;
            var speculative = CitationCompletion.QueryAt(new CompletionRequest(anticipated, before.Length + slot.Caret, DocumentLanguage.Latex));

            // The user goes on to type the rest of \citep and '{' (the editor adds the '}').
            var real = "\\section{Introduction}\n" + Sentence + "~\\citep{}" + after;
            var actual = CitationCompletion.QueryAt(new CompletionRequest(real, real.IndexOf("{}", StringComparison.Ordinal) + 1, DocumentLanguage.Latex));

            Assert.NotNull(actual);
            Assert.Contains("passing messages between neighbours", actual, StringComparison.Ordinal);
            Assert.Equal(actual, speculative);
        }
    }

    [Fact]
    public void Markdown_and_typst_slots_ask_the_same_query_as_the_real_ones()
    {
        var md = Sentence + " [";
        var mdSlot = At(md + "|]", DocumentLanguage.Markdown)!;
        var mdQuery = CitationCompletion.QueryAt(new CompletionRequest(md + mdSlot.Insert + "]", md.Length + mdSlot.Caret, DocumentLanguage.Markdown));
        Assert.NotNull(mdQuery);
        Assert.Equal(CitationCompletion.QueryAt(new CompletionRequest(Sentence + " [@]", Sentence.Length + 3, DocumentLanguage.Markdown)), mdQuery);

        var typ = Sentence + " #ci";
        var typSlot = At(typ + "|", DocumentLanguage.Typst)!;
        var typQuery = CitationCompletion.QueryAt(new CompletionRequest(typ + typSlot.Insert, typ.Length + typSlot.Caret, DocumentLanguage.Typst));
        Assert.NotNull(typQuery);
        Assert.Equal(CitationCompletion.QueryAt(new CompletionRequest(Sentence + " #cite(<>)", Sentence.Length + 8, DocumentLanguage.Typst)), typQuery);
    }

    [Fact]
    public void Outside_a_key_slot_there_is_no_query()
    {
        Assert.Null(CitationCompletion.QueryAt(new CompletionRequest(Sentence + "~\\citep", Sentence.Length + 7, DocumentLanguage.Latex)));
    }
}
