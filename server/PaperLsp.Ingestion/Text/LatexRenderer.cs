using System.Collections.Frozen;
using System.Text;

namespace PaperLsp.Ingestion.Text;

/// <summary>Single-pass LaTeX-to-display-text renderer used by <see cref="TextNormalizer"/> (rules documented there).</summary>
internal static class LatexRenderer
{
    private static readonly FrozenDictionary<char, char> AccentMarks = new Dictionary<char, char>
    {
        ['"'] = '\u0308', ['\''] = '\u0301', ['`'] = '\u0300', ['^'] = '\u0302', ['~'] = '\u0303', ['='] = '\u0304',
        ['.'] = '\u0307', ['u'] = '\u0306', ['v'] = '\u030C', ['H'] = '\u030B', ['c'] = '\u0327', ['k'] = '\u0328',
        ['r'] = '\u030A', ['d'] = '\u0323', ['b'] = '\u0331',
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> Symbols = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ss"] = "ß", ["o"] = "ø", ["O"] = "Ø", ["ae"] = "æ", ["AE"] = "Æ", ["oe"] = "œ", ["OE"] = "Œ", ["aa"] = "å", ["AA"] = "Å",
        ["l"] = "ł", ["L"] = "Ł", ["i"] = "ı", ["j"] = "ȷ", ["dh"] = "ð", ["DH"] = "Ð", ["th"] = "þ", ["TH"] = "Þ",
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["varepsilon"] = "ε", ["zeta"] = "ζ",
        ["eta"] = "η", ["theta"] = "θ", ["vartheta"] = "ϑ", ["iota"] = "ι", ["kappa"] = "κ", ["lambda"] = "λ", ["mu"] = "μ", ["nu"] = "ν",
        ["xi"] = "ξ", ["pi"] = "π", ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ", ["upsilon"] = "υ", ["phi"] = "φ", ["varphi"] = "φ",
        ["chi"] = "χ", ["psi"] = "ψ", ["omega"] = "ω", ["Gamma"] = "Γ", ["Delta"] = "Δ", ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Xi"] = "Ξ",
        ["Pi"] = "Π", ["Sigma"] = "Σ", ["Phi"] = "Φ", ["Psi"] = "Ψ", ["Omega"] = "Ω",
        ["infty"] = "∞", ["ell"] = "ℓ", ["le"] = "≤", ["leq"] = "≤", ["ge"] = "≥", ["geq"] = "≥", ["neq"] = "≠", ["ne"] = "≠",
        ["approx"] = "≈", ["sim"] = "~", ["times"] = "×", ["cdot"] = "·", ["cdots"] = "⋯", ["ldots"] = "…", ["dots"] = "…",
        ["pm"] = "±", ["mp"] = "∓", ["to"] = "→", ["rightarrow"] = "→", ["leftarrow"] = "←", ["Rightarrow"] = "⇒", ["leftrightarrow"] = "↔",
        ["in"] = "∈", ["notin"] = "∉", ["subset"] = "⊂", ["subseteq"] = "⊆", ["cup"] = "∪", ["cap"] = "∩", ["forall"] = "∀", ["exists"] = "∃",
        ["partial"] = "∂", ["nabla"] = "∇", ["sum"] = "∑", ["prod"] = "∏", ["int"] = "∫", ["sqrt"] = "√", ["propto"] = "∝", ["circ"] = "∘",
        ["log"] = "log", ["ln"] = "ln", ["exp"] = "exp", ["min"] = "min", ["max"] = "max", ["arg"] = "arg", ["sin"] = "sin", ["cos"] = "cos",
        ["lim"] = "lim", ["det"] = "det", ["Pr"] = "Pr",
        ["textless"] = "<", ["textgreater"] = ">", ["textbar"] = "|", ["textbackslash"] = "\\", ["textasciitilde"] = "~",
        ["textasciicircum"] = "^", ["textasciigrave"] = "`", ["textunderscore"] = "_", ["textendash"] = "–", ["textemdash"] = "—", ["textquoteright"] = "’",
        ["textquoteleft"] = "‘", ["textregistered"] = "®", ["texttrademark"] = "™", ["copyright"] = "©", ["S"] = "§", ["P"] = "¶",
        ["dag"] = "†", ["ddag"] = "‡", ["euro"] = "€", ["pounds"] = "£", ["degree"] = "°", ["textdegree"] = "°", ["textperiodcentered"] = "·",
        ["LaTeX"] = "LaTeX", ["TeX"] = "TeX", ["BibTeX"] = "BibTeX", ["LaTeXe"] = "LaTeX2e", ["slash"] = "/", ["quad"] = " ", ["qquad"] = " ",
        ["lbrace"] = "{", ["rbrace"] = "}", ["langle"] = "⟨", ["rangle"] = "⟩", ["mid"] = "|", ["vert"] = "|", ["star"] = "⋆", ["ast"] = "∗",
        ["prime"] = "′", ["emph"] = "", ["newline"] = " ", ["linebreak"] = " ", ["par"] = " ", ["noindent"] = "", ["relax"] = "",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Commands that only switch style or size: removed.</summary>
    private static readonly FrozenSet<string> Switches = new[]
    {
        "it", "em", "bf", "sc", "rm", "tt", "sf", "sl", "itshape", "bfseries", "scshape", "upshape", "mdseries", "ttfamily", "rmfamily",
        "sffamily", "normalfont", "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large", "LARGE", "huge", "Huge",
        "displaystyle", "textstyle", "scriptstyle", "left", "right", "big", "Big", "bigg", "Bigg", "protect", "xspace", "nolinkurl",
        "textbf", "textit", "texttt", "textsc", "textrm", "textsf", "textsl", "textup", "textnormal", "text", "mathrm", "mathbf", "mathit",
        "mathsf", "mathtt", "mathcal", "mathbb", "mathfrak", "mathscr", "boldsymbol", "bm", "operatorname", "mbox", "hbox", "url",
        "underline", "uline", "textsuperscript", "textsubscript", "ensuremath", "hat", "widehat", "tilde", "widetilde", "bar", "overline",
        "vec", "dot", "ddot", "mathsf", "mathnormal", "mathop", "color", "textcolor", "enquote", "hspace", "vspace",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Commands whose (first) braced argument is dropped entirely.</summary>
    private static readonly FrozenSet<string> DropArgument = new[]
    {
        "footnote", "thanks", "cite", "citep", "citet", "citealp", "ref", "eqref", "label", "href", "hspace", "vspace", "color",
        "textcolor", "includegraphics", "index",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static void Render(string text, StringBuilder output)
    {
        var math = false;
        var singleQuoteOpen = false;
        var i = 0;
        var length = text.Length;
        while (i < length)
        {
            var c = text[i];
            switch (c)
            {
                case '\\':
                    i = RenderCommand(text, i, output, math);
                    continue;
                case '$':
                    math = !math;
                    i += i + 1 < length && text[i + 1] == '$' ? 2 : 1;
                    continue;
                case '{':
                case '}':
                    i++;
                    continue;
                case '~':
                    AppendSpace(output);
                    i++;
                    continue;
                case '_':
                case '^':
                    if (!math)
                    {
                        output.Append(c);
                    }

                    i++;
                    continue;
                case '-':
                    i = RenderDashes(text, i, output);
                    continue;
                case '`':
                    if (i + 1 < length && text[i + 1] == '`')
                    {
                        output.Append('“');
                        i += 2;
                    }
                    else
                    {
                        output.Append('‘');
                        singleQuoteOpen = true;
                        i++;
                    }

                    continue;
                case '\'':
                    if (i + 1 < length && text[i + 1] == '\'')
                    {
                        output.Append('”');
                        i += 2;
                    }
                    else
                    {
                        // `word' closes with a typographic quote; other apostrophes stay as they are.
                        output.Append(singleQuoteOpen ? '’' : '\'');
                        singleQuoteOpen = false;
                        i++;
                    }

                    continue;
                case 'x':
                    if (TryBareEntity(text, i, out var entity))
                    {
                        output.Append(entity);
                        i += 5;
                        continue;
                    }

                    output.Append(c);
                    i++;
                    continue;
                default:
                    if (char.IsWhiteSpace(c) || (char.IsControl(c) && c != '\u200d'))
                    {
                        AppendSpace(output);
                    }
                    else
                    {
                        output.Append(c);
                    }

                    i++;
                    continue;
            }
        }

        if (output.Length > 0 && output[^1] == ' ')
        {
            output.Length--;
        }
    }

    /// <summary>Appends one space unless at the start or after a space: whitespace runs collapse as they are written.</summary>
    private static void AppendSpace(StringBuilder output)
    {
        if (output.Length > 0 && output[^1] != ' ')
        {
            output.Append(' ');
        }
    }

    private static int RenderDashes(string text, int i, StringBuilder output)
    {
        var run = 1;
        while (i + run < text.Length && text[i + run] == '-')
        {
            run++;
        }

        var before = i > 0 ? text[i - 1] : ' ';
        var after = i + run < text.Length ? text[i + run] : ' ';
        var looksLikeOption = char.IsWhiteSpace(before) && char.IsLetter(after);
        if (run == 1 || run > 3 || looksLikeOption)
        {
            output.Append('-', run);
        }
        else
        {
            output.Append(run == 2 ? '–' : '—');
        }

        return i + run;
    }

    /// <summary>Bare entity remnants such as "componentsx2013such": 'x' + a known code point, glued between letters.</summary>
    private static bool TryBareEntity(string text, int i, out char entity)
    {
        entity = default;
        if (i == 0 || i + 5 > text.Length || !char.IsLetter(text[i - 1]) || text[i + 1] != '2' || text[i + 2] != '0')
        {
            return false;
        }

        var after = i + 5 < text.Length ? text[i + 5] : ' ';
        if (!char.IsLetter(after) && !char.IsWhiteSpace(after))
        {
            return false;
        }

        entity = (char.ToLowerInvariant(text[i + 3]), char.ToLowerInvariant(text[i + 4])) switch
        {
            ('1', '3') => '–',
            ('1', '4') => '—',
            ('1', '8') => '‘',
            ('1', '9') => '’',
            ('1', 'c') => '“',
            ('1', 'd') => '”',
            ('2', '6') => '…',
            _ => default,
        };
        return entity != default;
    }

    private static int RenderCommand(string text, int start, StringBuilder output, bool math)
    {
        var length = text.Length;
        var i = start + 1;
        if (i >= length)
        {
            return i;
        }

        var c = text[i];
        if (!char.IsAsciiLetter(c))
        {
            // Control symbol: accent, escape or spacing.
            if (AccentMarks.TryGetValue(c, out var mark) && !char.IsAsciiLetter(c))
            {
                return RenderAccent(text, i + 1, mark, output);
            }

            switch (c)
            {
                case '\\':
                    AppendSpace(output);
                    return i + 1;
                case ',':
                case ';':
                case ':':
                case ' ':
                case '!':
                case '/':
                    if (c is not ('!' or '/'))
                    {
                        AppendSpace(output);
                    }

                    return i + 1;
                case '(':
                case ')':
                case '[':
                case ']':
                    return i + 1;
                case '-':
                    return i + 1;
                default:
                    output.Append(c);
                    return i + 1;
            }
        }

        var nameEnd = i;
        while (nameEnd < length && char.IsAsciiLetter(text[nameEnd]))
        {
            nameEnd++;
        }

        var name = text.AsSpan(i, nameEnd - i);
        if (name.Length == 1 && AccentMarks.TryGetValue(name[0], out var letterMark))
        {
            var next = nameEnd < length ? text[nameEnd] : ' ';
            if (next is ' ' or '{')
            {
                return RenderAccent(text, nameEnd, letterMark, output);
            }
        }

        var nameString = name.ToString();
        if (math && nameString == "circ" && start > 0 && (text[start - 1] == '^' || (start > 1 && text[start - 1] == '{' && text[start - 2] == '^')))
        {
            // 360^\circ is a degree sign, not function composition.
            output.Append('°');
            return SkipSpacesAfterControlWord(text, nameEnd);
        }

        var after = SkipSpacesAfterControlWord(text, nameEnd);
        if (Symbols.TryGetValue(nameString, out var symbol))
        {
            if (symbol == " ")
            {
                AppendSpace(output);
            }
            else
            {
                output.Append(symbol);
            }

            // A control word swallows the following spaces in TeX; display text keeps one ("$\\alpha \\leq 1$" → "α ≤ 1"),
            // and a word-like symbol is kept apart from a following letter ("\\log n" → "log n").
            var spaced = after > nameEnd && after < length && text[after] is not ('$' or '}' or ')' or ']' or ',' or '.' or ';' or ':');
            var glued = symbol.Length > 1 && char.IsLetter(symbol[^1]) && after < length && char.IsLetterOrDigit(text[after]);
            if (spaced || glued)
            {
                AppendSpace(output);
            }

            return after < length && text[after] == '{' && after + 1 < length && text[after + 1] == '}' ? after + 2 : after;
        }

        if (DropArgument.Contains(nameString))
        {
            var position = after;
            while (position < length && text[position] == '[')
            {
                position = SkipGroup(text, position, '[', ']');
            }

            return position < length && text[position] == '{' ? SkipGroup(text, position, '{', '}') : position;
        }

        if (Switches.Contains(nameString))
        {
            return after;
        }

        // Unknown macro (e.g. a paper's \tool): keep its name as a word.
        output.Append(nameString);
        if (after > nameEnd && after < length && char.IsLetterOrDigit(text[after]))
        {
            AppendSpace(output);
        }

        return after;
    }

    private static int RenderAccent(string text, int i, char mark, StringBuilder output)
    {
        var length = text.Length;
        while (i < length && text[i] == ' ')
        {
            i++;
        }

        var braced = i < length && text[i] == '{';
        if (braced)
        {
            i++;
        }

        if (i >= length)
        {
            return i;
        }

        char letter;
        if (text[i] == '\\' && i + 1 < length && (text[i + 1] == 'i' || text[i + 1] == 'j') && (i + 2 >= length || !char.IsAsciiLetter(text[i + 2])))
        {
            letter = text[i + 1];
            i += 2;
        }
        else if (text[i] == '}' && braced)
        {
            return i + 1;
        }
        else
        {
            letter = text[i];
            i++;
        }

        if (char.IsWhiteSpace(letter))
        {
            // An accent over a space ("\c{ x}") marks nothing: write the space the way every other space is written, so
            // that rendering the result again gives the same text.
            AppendSpace(output);
            return i;
        }

        if (braced)
        {
            while (i < length && text[i] == ' ')
            {
                i++;
            }

            if (i < length && text[i] == '}')
            {
                i++;
            }
        }

        if (LatinLetters.Compose(letter, mark) is { } composed)
        {
            output.Append(composed);
        }
        else
        {
            output.Append(letter).Append(mark);
        }

        return i;
    }

    private static int SkipSpacesAfterControlWord(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    private static int SkipGroup(string text, int i, char open, char close)
    {
        var depth = 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c == open)
            {
                depth++;
            }
            else if (c == close)
            {
                depth--;
                if (depth == 0)
                {
                    return i + 1;
                }
            }
        }

        return text.Length;
    }
}
