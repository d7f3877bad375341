using PaperLsp.Features.Bibliography;
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
