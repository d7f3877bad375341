using PaperLsp.Features.Text;

namespace PaperLsp.Features.Completion;

/// <summary>
/// How completion ranks candidates before anything is typed: a sentence match
/// (<see cref="Catalog"/> × the catalog's rank score + <see cref="Local"/> × the local lexical score among the candidates
/// + <see cref="Meaning"/> × the model's similarity + <see cref="Name"/> × a named method/dataset in the title
/// + <see cref="List"/> × the likeness to the papers already listed in the command), multiplied
/// by a workspace prior (1 + <see cref="Bib"/> for .bib entries + <see cref="Cited"/> for papers already cited +
/// <see cref="Nearby"/> when cited in the same paragraph). The prior scales the match, so an unrelated .bib entry stays
/// below a clearly matching paper. Chosen with <c>paperlsp eval --typing</c> on the tuning papers (see README).
/// </summary>
public sealed record CompletionWeights
{
    public double Catalog { get; init; } = 0.5;
    public double Local { get; init; } = 1.5;
    public double Meaning { get; init; } = 1.0;
    public double Name { get; init; } = 2.0;
    public double Bib { get; init; } = 2.0;

    /// <summary>
    /// Prior for a key cited anywhere in the document. 0 since the list signals: on the tuning papers 0.3 put keys cited
    /// earlier above the right one more often than it helped (List 6: hit@1 0.593 → 0.604, keystrokes 1.29 → 1.14).
    /// </summary>
    public double Cited { get; init; }

    public double Nearby { get; init; } = 0.3;

    /// <summary>
    /// Before anything is typed (and while no more than <see cref="AgainTyped"/> characters are), a key already cited
    /// earlier in the same sentence has its prior multiplied by 1 − this (once more of its key is typed it ranks as any other): writers list different
    /// papers in one sentence ("CoT \citep{a}, ReAct \citep{b}, ToT \citep{"). 1 (not offered before typing) was best
    /// on the tuning papers (hit@1 0.429 → 0.516; see README for the held-out paper).
    /// </summary>
    public double Again { get; init; } = 1.0;

    /// <summary>
    /// While at most this many characters of a key are typed, <see cref="Again"/> still holds (0: only before typing, the
    /// previous rule): one letter that a key cited earlier in the sentence also starts with does not bring it back above
    /// the right key. See <see cref="TypedRanking.Score"/>. 3 on the tuning papers (6,283-paper index, with the .bib:
    /// hit@1 after 1/2/3 characters 0.901 / 0.956 / 0.956 → 0.912 / 0.967 / 0.967, keystrokes unchanged; no change at 237k).
    /// </summary>
    public double AgainTyped { get; init; } = 3;

    /// <summary>Weight of a name written earlier in the sentence than the last three words (the one just before weighs 1).</summary>
    public double FartherName { get; init; } = 0.2;

    /// <summary>
    /// Similarity to the papers already listed in the same citation command (<c>\citep{a,b,|}</c>: the keys of one
    /// command are usually papers of one kind), added to the match: local BM25 and the model's similarity of each
    /// candidate to the listed papers' titles and abstract openings, each rescaled over the candidates. 8 on the tuning
    /// papers (with the .bib, hit@1 / keystrokes to first: 3 0.571 / 1.47 and 6 0.571 / 1.31 with the
    /// previous priors; 6 0.604 / 1.14 and 8 0.615 / 1.03 with the current ones; see README):
    /// for the next key of a list the listed papers say more than the sentence.
    /// </summary>
    public double List { get; init; } = 8.0;

    /// <summary>
    /// 1: papers cited earlier in the same sentence count as listed for <see cref="List"/> (0: only the command's keys).
    /// Off: it helped the tuning replay (keystrokes 1.14 → 0.92 at List 6) but in a whole document over a lexical index
    /// it pulled look-alikes of the earlier citations above the cited keys (RealPaperCompletionTests).
    /// </summary>
    public double ListSentence { get; init; }

    /// <summary>With <see cref="List"/> on: how many of each listed paper's related papers (the catalog's neighbours) join the candidates.</summary>
    public double ListRelated { get; init; }

    /// <summary>
    /// Name-match score of a paper whose abstract introduces the name the sentence uses ("Group Relative Policy
    /// Optimization (GRPO)", "we propose CoSIL"); 0 = not looked for.
    /// </summary>
    public double Defined { get; init; } = 0.9;

    /// <summary>
    /// 1: a name found in many candidates still counts for the few that match it best (SWE-bench in one title head and
    /// in twenty abstracts counts for the title); 0: such a name counts for none.
    /// </summary>
    public double NameTiers { get; init; } = 1.0;

    /// <summary>
    /// Recall for names: for each name written just before the citation (an acronym or CamelCase word: GRPO, LocAgent),
    /// how many of the papers that introduced it (the earliest of those mentioning it whose title head names it or whose
    /// abstract introduces it, <see cref="SentenceMatch.IntroducedBy"/>) join the candidates, with a catalog score of
    /// <see cref="OriginScore"/> / (1 + rank / 5). 0: off. 2 (with <see cref="OriginName"/> 2), chosen on the tuning
    /// papers at 237k (README, "Who introduced the name").
    /// </summary>
    public double Origins { get; init; } = 2;

    /// <summary>See <see cref="Origins"/>.</summary>
    public double OriginScore { get; init; } = 0.5;

    /// <summary>
    /// Weight in the sentence match of having introduced a name written just before the citation (1 for the earliest
    /// such paper, 1/2 for the next; see <see cref="Origins"/>), beside <see cref="Name"/>.
    /// </summary>
    public double OriginName { get; init; } = 2;

    /// <summary>1: when many candidates' abstracts introduce the name, only the earliest (by year) counts as introducing it.</summary>
    public double DefinedFirst { get; init; } = 1.0;

    /// <summary>
    /// Without a .bib (the workspace has no entries), how many of the sentence's catalog hits become candidates (at
    /// least the request's limit + 10, which is also the depth with a .bib). 200, chosen on the tuning papers at 237k:
    /// without the .bib hit@10 0.516 → 0.527 (depth 60); applied with a .bib too it cost keystrokes there (0.90 → 0.98),
    /// hence without a .bib only (README, "Recall without the .bib").
    /// </summary>
    public double Pool { get; init; } = 200;

    /// <summary>
    /// Recall beyond the sentence: a second catalog search with the paragraph's text before the citation (its last
    /// <see cref="WiderWords"/> words; skipped when that is the sentence's own query), whose top this many join the
    /// candidates with a catalog score of <see cref="WiderScore"/> / (1 + rank / 5). 0: off.
    /// </summary>
    public double Wider { get; init; }

    /// <summary>See <see cref="Wider"/>.</summary>
    public double WiderScore { get; init; } = 0.5;

    /// <summary>See <see cref="Wider"/>.</summary>
    public double WiderWords { get; init; } = 60;

    /// <summary>
    /// Recall from the papers cited nearby: for the keys cited in the paragraph (the <see cref="CitedRelatedKeys"/>
    /// closest to the cursor), the paper each stands for — its .bib entry's index paper by identity, or, without an
    /// entry, the index paper of that key when the paragraph also names it (<see cref="CitedPaperEvidence"/>) — gives
    /// this many of its related papers as candidates, with a catalog score of <see cref="CitedRelatedScore"/> /
    /// (1 + rank / 5). The cited papers themselves get nothing from it. 0: off.
    /// </summary>
    public double CitedRelated { get; init; }

    /// <summary>See <see cref="CitedRelated"/>.</summary>
    public double CitedRelatedScore { get; init; } = 0.5;

    /// <summary>See <see cref="CitedRelated"/>.</summary>
    public double CitedRelatedKeys { get; init; } = 4;

    /// <summary>Local BM25 of the whole paragraph (not only the sentence) among the candidates, added to the match.</summary>
    public double Paragraph { get; init; }

    /// <summary>Local BM25 of the current section's title among the candidates, added to the match.</summary>
    public double Section { get; init; }

    /// <summary>The model's similarity to the document's own title and abstract (a topic prior), added to the match.</summary>
    public double Topic { get; init; }

    /// <summary>
    /// Hubness penalty: a paper's similarity to content-free citing sentences (<see cref="Hubness"/>), times this, is
    /// subtracted from its similarity to the sentence, so a generic paper close to everything stops topping every list.
    /// </summary>
    public double Hub { get; init; }

    /// <summary>
    /// A .bib entry that matches no index paper is also matched by meaning: its title embedded by the catalog's model
    /// (<see cref="Catalog.IPaperCatalog.TextSimilarities"/>), rescaled with the index papers' similarities, times this
    /// (0 = words and names only, so such entries tied and sorted by key). Above 1 because such an entry has no catalog
    /// rank to add. Chosen on all the .bib citations of the tuning papers at 237k (91 of papers in the index, 66 not; keystrokes
    /// to first, matched / not matched): 0 → 0.91 / 2.18, 1 → 0.98 / 1.21, 2 → 1.03 / 0.95 (best over both, 1.00), 3 → 1.13 / 0.89.
    /// </summary>
    public double BibMeaning { get; init; } = 2.0;

    /// <summary>
    /// Once a key is typed, a candidate scores typed match × (<see cref="Typed"/> + <see cref="Sentence"/> × its
    /// sentence score): what was typed filters and weighs, the sentence orders.
    /// </summary>
    public double Typed { get; init; } = 1.0;

    /// <summary>See <see cref="Typed"/>.</summary>
    public double Sentence { get; init; } = 1.0;

    /// <summary>
    /// While at most <see cref="TypedShortLength"/> characters are typed, a typed match other than a key prefix (the
    /// letters inside the key, a title word or surname starting so) counts this much of its score: nearly every key
    /// contains a given letter. On the tuning papers (6,283-paper index, with the .bib) 1 → 0.5 → 0.25 took the
    /// keystrokes to first from 1.03 to 0.84 and 0.82 and hit@1 after one character from 0.802 to 0.901 (see README).
    /// </summary>
    public double TypedShort { get; init; } = 0.25;

    /// <summary>
    /// How many typed characters count as few for <see cref="TypedShort"/>. 3 on the tuning papers (hit@1 after three
    /// characters 0.879 with 2, 0.912 with 3 or 4; 4 also lowered keystrokes without the .bib, 1.87 → 1.80, but the replay
    /// types only key prefixes, and four letters of a surname or title word are a deliberate query).
    /// </summary>
    public double TypedShortLength { get; init; } = TypedMatcher.ShortTyped;

    /// <summary>
    /// Once a key is typed, a .bib entry or a key cited in the document has its typed part multiplied by 1 + this, so of
    /// the keys the prefix fits the workspace's own stay ahead of index papers unless the sentence clearly prefers one
    /// (0: only the sentence orders them, and a generic sentence lets an index paper's key come first). 2 on the tuning
    /// papers at 237k (with the .bib, keystrokes to first 0.97 with 0, 0.91 with 1, 0.90 with 2; see README). 8 since the
    /// tenth session: the .bib keys of papers the index lacks (42% of the tuning papers' .bib citations) fell behind index
    /// papers that merely share the prefix (after one character hit@5 0.758 with 2, 0.970 with 8; keystrokes 2.82 → 2.18;
    /// the matched keys unchanged at 0.91): a writer with a .bib cites a .bib key.
    /// </summary>
    public double TypedWorkspace { get; init; } = 8.0;

    /// <summary>
    /// Once a key is typed, where a candidate's catalog score comes from. 0: the sentence's own ranking, as before typing,
    /// counted among the candidates whose key the typed text starts (so their order is the sentence's, and the typed text
    /// only filters and weighs, <see cref="TypedRanking"/>); above 0 (the previous rule, kept to measure against): the
    /// rank in the catalog's search with the typed text (which adds the keys with the prefix in key order), times this.
    /// 0 on the tuning papers (with the .bib, keystrokes to first 0.64 → 0.58 on the 6,283-paper index, 0.90 → 0.91 at
    /// 237k, where the previous rule's one gain came from key order; see README).
    /// </summary>
    public double TypedCatalog { get; init; }

    /// <summary>
    /// With <see cref="TypedCatalog"/> 0: an index paper outside the workspace (not in the .bib, not cited) may also take
    /// its rank in the catalog's search with the typed text, times this (the workspace's keys keep the sentence's order).
    /// 1 on the tuning papers (without the .bib, keystrokes to first 1.91 → 1.86 on the 6,283-paper index, 4.18 → 4.11 at
    /// 237k; with the .bib unchanged; see README).
    /// </summary>
    public double TypedIndex { get; init; } = 1;

    /// <summary>
    /// 1: keys the document cites that neither the .bib nor the index knows (<c>jimenez2024swebench</c>) are resolved by
    /// their shape to the index paper they stand for (<see cref="Papers.WriterKeyResolver"/>): that paper is offered under
    /// the writer's key, counts as cited (and nearby), and feeds <see cref="CitedRelated"/>; 0: such keys are not offered.
    /// </summary>
    public double WriterKeys { get; init; } = 1;

    /// <summary>
    /// Prior for a cited key resolved by its shape (<see cref="WriterKeys"/>), added as <see cref="Bib"/> is for a .bib
    /// entry: without a .bib the keys already cited are the writer's bibliography so far. It scales the sentence match,
    /// so a key cited before comes back only for a sentence that matches it. 1 on the tuning papers at 237k (without the
    /// .bib, hit@10 before typing: 0.516 with 0, 0.527 with 0.5, 0.538 with 1 or 2; with the .bib unchanged; see README).
    /// </summary>
    public double WriterKey { get; init; } = 1;

    /// <summary>1: two .bib entries of one paper are offered as one candidate (the other keys in its detail); 0: both.</summary>
    public double MergeDuplicates { get; init; } = 1.0;

    public static CompletionWeights Default { get; } = new();

    /// <summary>"catalog=1,local=1,bib=1,…" (names as the properties, case-insensitive; see <see cref="WeightList"/>); unknown names throw.</summary>
    public static CompletionWeights Parse(string? text) => WeightList.Parse(text, Default, Setters, "completion weight");

    private static readonly Dictionary<string, Func<CompletionWeights, double, CompletionWeights>> Setters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["catalog"] = (w, v) => w with { Catalog = v },
        ["local"] = (w, v) => w with { Local = v },
        ["meaning"] = (w, v) => w with { Meaning = v },
        ["name"] = (w, v) => w with { Name = v },
        ["bib"] = (w, v) => w with { Bib = v },
        ["cited"] = (w, v) => w with { Cited = v },
        ["nearby"] = (w, v) => w with { Nearby = v },
        ["again"] = (w, v) => w with { Again = v },
        ["againtyped"] = (w, v) => w with { AgainTyped = v },
        ["farthername"] = (w, v) => w with { FartherName = v },
        ["list"] = (w, v) => w with { List = v },
        ["listsentence"] = (w, v) => w with { ListSentence = v },
        ["listrelated"] = (w, v) => w with { ListRelated = v },
        ["defined"] = (w, v) => w with { Defined = v },
        ["definedfirst"] = (w, v) => w with { DefinedFirst = v },
        ["origins"] = (w, v) => w with { Origins = v },
        ["originscore"] = (w, v) => w with { OriginScore = v },
        ["originname"] = (w, v) => w with { OriginName = v },
        ["nametiers"] = (w, v) => w with { NameTiers = v },
        ["paragraph"] = (w, v) => w with { Paragraph = v },
        ["pool"] = (w, v) => w with { Pool = v },
        ["wider"] = (w, v) => w with { Wider = v },
        ["widerscore"] = (w, v) => w with { WiderScore = v },
        ["widerwords"] = (w, v) => w with { WiderWords = v },
        ["citedrelated"] = (w, v) => w with { CitedRelated = v },
        ["citedrelatedscore"] = (w, v) => w with { CitedRelatedScore = v },
        ["citedrelatedkeys"] = (w, v) => w with { CitedRelatedKeys = v },
        ["section"] = (w, v) => w with { Section = v },
        ["topic"] = (w, v) => w with { Topic = v },
        ["hub"] = (w, v) => w with { Hub = v },
        ["bibmeaning"] = (w, v) => w with { BibMeaning = v },
        ["typed"] = (w, v) => w with { Typed = v },
        ["sentence"] = (w, v) => w with { Sentence = v },
        ["typedshort"] = (w, v) => w with { TypedShort = v },
        ["typedshortlength"] = (w, v) => w with { TypedShortLength = v },
        ["typedworkspace"] = (w, v) => w with { TypedWorkspace = v },
        ["typedindex"] = (w, v) => w with { TypedIndex = v },
        ["typedcatalog"] = (w, v) => w with { TypedCatalog = v },
        ["mergeduplicates"] = (w, v) => w with { MergeDuplicates = v },
        ["writerkeys"] = (w, v) => w with { WriterKeys = v },
        ["writerkey"] = (w, v) => w with { WriterKey = v },
    };
}
