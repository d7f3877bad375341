namespace PaperLsp.Features.Citations;

/// <summary>The kind of citation construct a key appears in.</summary>
public enum CitationSyntax
{
    /// <summary>A LaTeX command with one key list: <c>\cite[..]{a,b}</c>, <c>\citep*{a}</c>, custom macros.</summary>
    LatexCommand,

    /// <summary>A biblatex multicite command: <c>\cites[..]{a}[..]{b}</c>.</summary>
    LatexMulticite,

    /// <summary>A Pandoc bracketed citation: <c>[see @a; @b, p. 3]</c>.</summary>
    PandocBracketed,

    /// <summary>A Pandoc in-text citation: <c>@key</c> outside brackets.</summary>
    PandocInText,

    /// <summary>A Typst reference: <c>@key</c>.</summary>
    TypstReference,

    /// <summary>A Typst cite call: <c>#cite(&lt;key&gt;)</c>.</summary>
    TypstCiteCall,
}
