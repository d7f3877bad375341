using CsCheck;
using PaperLsp.Server.Services;

namespace PaperLsp.Server.Tests;

/// <summary>The span a change touched (what diagnostics treat as "being typed"), compared a block at a time.</summary>
public sealed class ChangedSpanTests
{
    [Fact]
    public void The_changed_span_is_what_a_character_by_character_comparison_finds() =>
        Gen.Select(Gen.String[Gen.Char["ab\n"], 0, 9000], Gen.Int[0, 9000], Gen.Int[0, 40], Gen.String[Gen.Char["abc"], 0, 40])
            .Sample((before, at, removed, inserted) =>
            {
                at = Math.Min(at, before.Length);
                removed = Math.Min(removed, before.Length - at);
                var after = before[..at] + inserted + before[(at + removed)..];
                return DiagnosticsPublisher.ChangedSpan(before, after) == Reference(before, after)
                    && DiagnosticsPublisher.ChangedSpan(after, before) == Reference(after, before);
            }, iter: 2000);

    private static (int Start, int End) Reference(string before, string after)
    {
        var prefix = 0;
        var max = Math.Min(before.Length, after.Length);
        while (prefix < max && before[prefix] == after[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < max - prefix && before[before.Length - 1 - suffix] == after[after.Length - 1 - suffix])
        {
            suffix++;
        }

        return (prefix, after.Length - suffix);
    }
}
