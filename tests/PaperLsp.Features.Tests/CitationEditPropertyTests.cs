using CsCheck;
using PaperLsp.Features.Bibliography;
using PaperLsp.Features.Editing;
using PaperLsp.Features.Papers;
using PaperLsp.Features.Tests.Support;
using PaperLsp.Features.Text;
using PaperLsp.Ingestion.Bibtex;
using PaperLsp.Ingestion.Model;

namespace PaperLsp.Features.Tests;

/// <summary>
/// Random sequences of what a writer does — "Cite related" actions, insertCitation, completion picks with their
/// addBibEntry, saving the .bib, the server seeing (or not) the .bib buffer, typing — never put a key twice in the .bib,
/// and every key inserted resolves (in the .bib the editor holds) to the paper that was meant.
/// </summary>
public sealed class CitationEditPropertyTests
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "policy-prop");
    private static readonly string TexPath = Path.Combine(Folder, "main.tex");
    private static readonly string BibPath = Path.Combine(Folder, "refs.bib");

    // A .bib that already holds one index paper under the user's own key, and another paper under an index paper's key.
    private const string InitialBib = """
        @article{MyCoT,
          title = {Chain-of-Thought Prompting Elicits Reasoning in Large Language Models},
          author = {Wei, Jason},
          year = {2022},
          eprint = {2201.11903}
        }

        @article{snell2024scaling,
          title = {A Different Paper That Happens to Use This Key},
          author = {Someone, Else},
          year = {2024}
        }

        """;

    [Fact]
    public void NoKeyTwiceAndEveryInsertedKeyResolvesToTheIntendedPaper()
    {
        var catalog = TestCorpus.Catalog()
            .Add("snell2024scalingb", "Scaling Laws for Something Else Entirely", authors: ["Ann Snell"], year: 2024, arxivId: "2401.00002")
            .Add("vaswani2017attentionb", "Attention Is Not All You Need Apparently", authors: ["Ashish Vaswani"], year: 2017, arxivId: "2103.03404");
        var papers = new[] { "vaswani2017attention", "wei2022chain", "snell2024scaling", "jimenez2024swebench", "wang2023selfconsistency", "snell2024scalingb", "vaswani2017attentionb" }
            .Select(k => catalog.FindByKey(k)!).ToArray();
        var steps = Gen.Select(Gen.Int[0, 5], Gen.Int[0, papers.Length - 1]).Array[1, 25];
        steps.Sample(sequence =>
        {
            var world = new World(catalog);
            foreach (var (action, paperIndex) in sequence)
            {
                var stored = papers[paperIndex];
                switch (action)
                {
                    case 0: // "Cite related" code action, then its bibEntryApplied command
                        {
                            var plan = world.Policy().CiteAtSentenceEnd(world.Document, 0, world.Tex.Length, stored);
                            world.Apply(plan, stored);
                            if (plan.Target is { } target)
                            {
                                world.Pending.Add(target.Path, plan.Key, stored.Paper, world.KnownText(target.Path));
                            }

                            break;
                        }

                    case 1: // paperlsp.insertCitation with the key the server offers for the paper
                        {
                            var plan = world.Policy().CiteAtCursor(world.Document, world.Tex.Length, world.Policy().KeyFor(stored));
                            world.Apply(plan, stored);
                            world.NoteApplied(plan);
                            break;
                        }

                    case 2: // completion pick: the key offered for the paper is typed, then addBibEntry runs
                        {
                            var key = world.Policy().KeyFor(stored);
                            world.Tex += " \\cite{" + key + "}";
                            world.Intended.Add((key, stored));
                            var plan = world.Policy().BibEntryOnly(world.Document, key);
                            Assert.Null(plan.Problem);
                            world.Apply(plan, stored);
                            world.NoteApplied(plan);
                            break;
                        }

                    case 3: // the .bib buffer is saved
                        world.Disk = world.Buffer;
                        break;
                    case 4: // the server sees the buffer (the client attaches it, or the watcher reads the saved file)
                        world.Bibliography.Update(BibPath, world.Buffer);
                        break;
                    default: // typing elsewhere in the document
                        world.Tex += " More words.";
                        break;
                }

                world.AssertConsistent();
            }
        }, iter: 300);
    }

    private sealed class World
    {
        private readonly FakePaperCatalog catalog;

        public World(FakePaperCatalog catalog)
        {
            this.catalog = catalog;
            Bibliography.Update(BibPath, InitialBib);
        }

        public WorkspaceBibliography Bibliography { get; } = new();

        public PendingBibAppends Pending { get; } = new();

        public string Tex { get; set; } = "\\documentclass{article}\n\\begin{document}\nReasoning in large language models improves with prompting";

        public string Buffer { get; set; } = InitialBib;

        public string Disk { get; set; } = InitialBib;

        public List<(string Key, PaperLsp.Ingestion.Model.StoredPaper Paper)> Intended { get; } = [];

        public EditedDocument Document => new(TexPath, Tex + "\n\\bibliography{refs}\n", DocumentLanguage.Latex);

        public CitationEditPolicy Policy() => new(catalog, Bibliography, readFile: p => p == BibPath ? Disk : null, pending: Pending);

        public string? KnownText(string path) => Bibliography.GetText(path) ?? (path == BibPath ? Disk : null);

        public void NoteApplied(CitationPlan plan)
        {
            if (plan.Target is { } target && plan.Paper is { } paper)
            {
                Pending.Add(target.Path, plan.Key, paper, KnownText(target.Path));
            }
        }

        public void Apply(CitationPlan plan, PaperLsp.Ingestion.Model.StoredPaper stored)
        {
            Assert.Null(plan.Problem);
            var document = Document.Text;
            foreach (var edit in plan.Edits)
            {
                if (edit.Path == TexPath)
                {
                    var updated = TextEdit.Apply(document, edit.Edits);
                    Tex = updated[..^"\n\\bibliography{refs}\n".Length];
                }
                else
                {
                    Assert.Equal(BibPath, edit.Path);
                    // offsets were computed on the server's copy; the editor's buffer only ever grows at the end
                    var known = KnownText(BibPath) ?? "";
                    Assert.StartsWith(known.TrimEnd(), Buffer, StringComparison.Ordinal);
                    Buffer = TextEdit.Apply(Buffer, edit.Edits);
                }
            }

            if (plan.Edits.Any(e => e.Path == TexPath && e.Edits.Any(t => t.NewText.Contains(plan.Key, StringComparison.Ordinal))))
            {
                Intended.Add((plan.Key, stored));
            }
        }

        public void AssertConsistent()
        {
            var file = BibtexParser.Parse(Buffer, BibPath);
            Assert.Empty(file.Problems);
            var keys = file.Entries.Select(e => e.Key).ToList();
            Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            foreach (var (key, stored) in Intended)
            {
                var entry = file.Find(key);
                Assert.True(entry is not null, $"'{key}' is cited but not in the .bib:\n{Buffer}");
                var paper = BibtexParser.ToPaper(entry, BibPath)!;
                Assert.True(BibIdentityIndex.Same(paper, stored.Paper), $"'{key}' resolves to '{paper.Title}', not '{stored.Paper.Title}'");
            }
        }
    }
}
