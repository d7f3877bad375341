namespace PaperLsp.Ingestion.Identity;

/// <summary>A display name split into given names, lower-case particles ("van der"), family name and suffix ("Jr.").</summary>
internal sealed record PersonName(string Given, string Particle, string Family, string Suffix)
{
    private static readonly HashSet<string> Particles = new(StringComparer.OrdinalIgnoreCase)
    {
        "van", "von", "der", "den", "de", "del", "della", "dela", "di", "da", "du", "des", "la", "le", "ter", "ten", "dos", "das", "do",
        "bin", "ibn", "al", "el", "af", "zu", "y",
    };

    private static readonly HashSet<string> Suffixes = new(StringComparer.OrdinalIgnoreCase) { "jr", "jr.", "sr", "sr.", "ii", "iii", "iv" };

    /// <summary>Splits "Given [particle] Family [Jr.]" or BibTeX "Family, Given" / "Family, Jr, Given".</summary>
    public static PersonName Parse(string name)
    {
        var trimmed = name.Trim();
        var commaParts = trimmed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (commaParts.Length >= 2)
        {
            var given = commaParts.Length >= 3 ? commaParts[2] : commaParts[1];
            var suffix = commaParts.Length >= 3 ? commaParts[1] : "";
            var (particle, family) = SplitParticle(commaParts[0]);
            return new PersonName(given, particle, family, suffix);
        }

        var words = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return new PersonName("", "", "", "");
        }

        var end = words.Length;
        var suffixWord = "";
        if (end > 1 && Suffixes.Contains(words[end - 1]))
        {
            suffixWord = words[end - 1];
            end--;
        }

        if (end == 1)
        {
            return new PersonName("", "", words[0], suffixWord);
        }

        // The family name starts at the first lower-case particle after the first word, else it is the last word.
        var familyStart = end - 1;
        for (var k = 1; k < end - 1; k++)
        {
            if (Particles.Contains(words[k]) && char.IsLower(words[k][0]))
            {
                familyStart = k;
                break;
            }
        }

        var particleEnd = familyStart;
        while (particleEnd < end - 1 && Particles.Contains(words[particleEnd]) && char.IsLower(words[particleEnd][0]))
        {
            particleEnd++;
        }

        return new PersonName(
            string.Join(' ', words[..familyStart]),
            string.Join(' ', words[familyStart..particleEnd]),
            string.Join(' ', words[particleEnd..end]),
            suffixWord);
    }

    /// <summary>"Given particle Family Suffix" display form.</summary>
    public string Display => string.Join(' ', new[] { Given, Particle, Family, Suffix }.Where(s => s.Length > 0));

    /// <summary>BibTeX "particle Family, Suffix, Given" form (single-word names as they are).</summary>
    public string Bibtex
    {
        get
        {
            var last = Particle.Length > 0 ? Particle + " " + Family : Family;
            if (Given.Length == 0)
            {
                return Suffix.Length > 0 ? last + ", " + Suffix + "," : last;
            }

            return Suffix.Length > 0 ? $"{last}, {Suffix}, {Given}" : $"{last}, {Given}";
        }
    }

    private static (string Particle, string Family) SplitParticle(string last)
    {
        var words = last.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var k = 0;
        while (k < words.Length - 1 && Particles.Contains(words[k]) && char.IsLower(words[k][0]))
        {
            k++;
        }

        return (string.Join(' ', words[..k]), string.Join(' ', words[k..]));
    }
}
