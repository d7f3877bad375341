using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Completion;
using PaperLsp.Features.Editing;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;

namespace PaperLsp.Features.Tests;

/// <summary>
/// A section file of a multi-file paper cites into the .bib its main file names (the codescout paper: Sections/*.tex
/// \input by main.tex, which says \bibliography{reference}, beside a template's example_paper.bib), found by the
/// include or a "% !TeX root" comment, on an in-memory file tree.
/// </summary>
public sealed class LatexProjectTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "project-ws");
    private static readonly string Main = Path.Combine(Root, "main.tex");
    private static readonly string Intro = Path.Combine(Root, "Sections", "1_introduction.tex");

    private static Dictionary<string, string> Files(string mainText) => new(StringComparer.Ordinal)
    {
        [Main] = mainText,
        [Path.Combine(Root, "example_paper.tex")] = "\\documentclass{article}\n\\begin{document}\nExample.\n\\bibliography{example_paper}\n\\end{document}\n",
        [Intro] = "\\section{Introduction}\nCode search agents~\\citep{",
    };

    private static IEnumerable<string> TexFilesIn(Dictionary<string, string> files, string folder) =>
        files.Keys.Where(f => string.Equals(Path.GetDirectoryName(f), folder, StringComparison.Ordinal) && f.EndsWith(".tex", StringComparison.Ordinal));

    private static LatexProjectFiles Project(Dictionary<string, string> files) =>
        new(folder => TexFilesIn(files, folder), p => files.GetValueOrDefault(p));

    private static CitationEditPolicy Policy(Dictionary<string, string> files, bool listFolders = true)
    {
        var bibliography = new WorkspaceBibliography();
        bibliography.Update(Path.Combine(Root, "example_paper.bib"), "");
        bibliography.Update(Path.Combine(Root, "reference.bib"), "");
        return new CitationEditPolicy(TestCorpus.Catalog(), bibliography, readFile: p => files.GetValueOrDefault(p),
            projectFiles: listFolders ? Project(files) : null);
    }

    [Theory]
    [InlineData("\\documentclass{article}\n\\begin{document}\n\\input{Sections/1_introduction}\n\\bibliography{reference}\n\\end{document}\n")]
    [InlineData("\\documentclass{article}\n\\begin{document}\n\\include{Sections/1_introduction.tex}\n\\bibliography{reference.bib}\n\\end{document}\n")]
    [InlineData("\\documentclass{article}\n\\begin{document}\n\\import{Sections/}{1_introduction}\n\\addbibresource{reference.bib}\n\\end{document}\n")]
    public void A_section_file_cites_into_the_bib_its_main_file_names(string mainText)
    {
        var files = Files(mainText);
        var target = Policy(files).ChooseBib(new EditedDocument(Intro, files[Intro], DocumentLanguage.Latex));
        Assert.Equal(new BibTarget(Path.Combine(Root, "reference.bib"), false, true), target);

        // without looking for the main file, the first workspace .bib (the template's) was chosen
        Assert.Equal(Path.Combine(Root, "example_paper.bib"), Policy(files, listFolders: false).ChooseBib(new EditedDocument(Intro, files[Intro], DocumentLanguage.Latex))!.Path);
    }

    [Fact]
    public void A_paper_cites_from_the_bib_files_it_names_and_a_note_from_all()
    {
        var files = Files("\\documentclass{article}\n\\begin{document}\n\\input{Sections/1_introduction}\n\\bibliography{reference}\n\\end{document}\n");
        var policy = Policy(files);
        string[] reference = [Path.Combine(Root, "reference.bib")];
        Assert.Equal(reference, policy.BibFilesInUse(new EditedDocument(Main, files[Main], DocumentLanguage.Latex)));
        Assert.Equal(reference, policy.BibFilesInUse(new EditedDocument(Intro, files[Intro], DocumentLanguage.Latex))); // through its main file
        Assert.Equal([Path.Combine(Root, "example_paper.bib")], policy.BibFilesInUse(new EditedDocument(Path.Combine(Root, "example_paper.tex"), files[Path.Combine(Root, "example_paper.tex")], DocumentLanguage.Latex)));

        // naming no .bib, or only one the workspace does not have, or not LaTeX: every .bib of the workspace
        Assert.Null(policy.BibFilesInUse(new EditedDocument(Main, "\\documentclass{article}\n\\begin{document}\nNo bibliography.\n\\end{document}\n", DocumentLanguage.Latex)));
        Assert.Null(policy.BibFilesInUse(new EditedDocument(Main, "\\begin{document}\n\\bibliography{elsewhere}\n\\end{document}\n", DocumentLanguage.Latex)));
        files[Path.Combine(Root, "elsewhere.bib")] = "@article{on2024disk, title={On disk only}, year={2024}}"; // on disk, not (yet) read into the workspace's
        Assert.Null(Policy(files).BibFilesInUse(new EditedDocument(Main, "\\begin{document}\n\\bibliography{elsewhere}\n\\end{document}\n", DocumentLanguage.Latex)));
        Assert.Null(policy.BibFilesInUse(new EditedDocument(Path.Combine(Root, "notes.md"), "Notes [@", DocumentLanguage.Markdown)));
    }

    [Fact]
    public void A_scoped_bibliography_holds_the_named_files_entries_and_is_kept_until_the_bib_files_change()
    {
        var bibliography = new WorkspaceBibliography();
        var example = Path.Combine(Root, "example_paper.bib");
        var reference = Path.Combine(Root, "reference.bib");
        bibliography.Update(example, "@book{DudaHart2nd, title={Pattern Classification}, year={2000}}");
        bibliography.Update(reference, "@article{xia2024agentless, title={Agentless}, year={2024}}");

        var scoped = bibliography.Scoped([reference]);
        Assert.Equal(["xia2024agentless"], scoped.Entries.Select(e => e.Key));
        Assert.False(scoped.ContainsKey("DudaHart2nd"));
        Assert.Same(scoped, bibliography.Scoped([reference])); // kept: what callers derive per entry list is kept too
        Assert.Same(bibliography, bibliography.Scoped([example, reference]));
        Assert.Same(bibliography, bibliography.Scoped([example, reference, Path.Combine(Root, "missing.bib")]));

        bibliography.Update(reference, "@article{xia2024agentless, title={Agentless}, year={2024}}\n@article{new2025, title={New}, year={2025}}");
        Assert.Equal(["xia2024agentless", "new2025"], bibliography.Scoped([reference]).Entries.Select(e => e.Key));
        Assert.Equal(["xia2024agentless"], scoped.Entries.Select(e => e.Key)); // the earlier view is left as it was
    }

    [Fact]
    public void A_section_file_does_not_complete_the_templates_keys()
    {
        var bibliography = new WorkspaceBibliography();
        var reference = Path.Combine(Root, "reference.bib");
        bibliography.Update(Path.Combine(Root, "example_paper.bib"), "@book{DudaHart2nd, author={Duda, Richard and Hart, Peter}, title={Pattern Classification}, year={2000}}");
        bibliography.Update(reference, "@article{hart2024search, author={Hart, Ann}, title={Code search agents}, year={2024}}");
        var text = "\\section{Introduction}\nCode search agents~\\citep{hart}.";
        var request = new CompletionRequest(text, text.LastIndexOf('}'), DocumentLanguage.Latex);

        var all = new CitationCompletion(new FakePaperCatalog(), bibliography).Complete(request);
        var scoped = new CitationCompletion(new FakePaperCatalog(), bibliography.Scoped([reference])).Complete(request);

        Assert.Contains(all.Items, i => i.Label == "DudaHart2nd"); // "hart" fits the template's entry (a surname)
        Assert.Equal(["hart2024search"], scoped.Items.Select(i => i.Label));
    }

    [Fact]
    public void A_section_file_that_cites_nothing_yet_uses_the_main_files_cite_package()
    {
        var files = Files("\\documentclass{article}\n\\usepackage{natbib}\n\\begin{document}\n\\input{Sections/1_introduction}\n\\bibliography{reference}\n\\end{document}\n");
        var intro = new EditedDocument(Intro, "\\section{Introduction}\nNothing cited yet.", DocumentLanguage.Latex);
        Assert.Equal("citep", Policy(files).CiteMacro(intro));
        Assert.Equal("cite", Policy(files, listFolders: false).CiteMacro(intro));
    }

    [Fact]
    public void A_root_comment_names_the_main_file()
    {
        var files = Files("\\documentclass{article}\n\\begin{document}\n% \\input{Sections/1_introduction}\n\\bibliography{reference}\n\\end{document}\n");
        var withComment = "% !TeX root = ../main.tex\n" + files[Intro];
        Assert.Equal(Main, LatexProject.RootOf(new EditedDocument(Intro, withComment, DocumentLanguage.Latex), Project(files))?.Path);
        // the include is commented out: without the comment no main file is found
        Assert.Null(LatexProject.RootOf(new EditedDocument(Intro, files[Intro], DocumentLanguage.Latex), Project(files)));
    }

    [Fact]
    public void A_chain_of_fragments_leads_to_the_main_file_and_a_document_is_its_own_root()
    {
        var files = Files("\\documentclass{article}\n\\begin{document}\n\\input{Sections/all}\n\\bibliography{reference}\n\\end{document}\n");
        files[Path.Combine(Root, "Sections", "all.tex")] = "\\input{Sections/1_introduction}\n";
        var root = LatexProject.RootOf(new EditedDocument(Intro, files[Intro], DocumentLanguage.Latex), Project(files));
        Assert.Equal(Main, root?.Path);
        Assert.Null(LatexProject.RootOf(new EditedDocument(Main, files[Main], DocumentLanguage.Latex), Project(files)));
    }
}
