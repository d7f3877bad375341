using PaperLsp.Features.Citations;

namespace PaperLsp.Features.Tests;

public sealed class BlankLinesTests
{
    [Theory]
    [InlineData("a\n\nb", 1, true)]
    [InlineData("a\n \t\r\nb", 1, true)]
    [InlineData("a\nb\n", 1, false)]
    [InlineData("a\n  b", 1, false)]
    [InlineData("a\n", 1, true)] // the text ends right after the newline: an empty last line
    [InlineData("a\n  \t", 1, true)] // a whitespace-only last line
    public void A_line_after_a_newline_is_blank_when_it_holds_only_whitespace_up_to_the_next_newline_or_the_end(string text, int newline, bool blank) =>
        Assert.Equal(blank, BlankLines.IsBlankLineAfter(text, newline));

    [Theory]
    [InlineData("a\n\nb", 2, true)]
    [InlineData("a\n \t\r\nb", 5, true)]
    [InlineData("a\nb\nc", 3, false)]
    [InlineData("\nb", 0, true)] // the text starts with the newline: an empty first line
    [InlineData("  \nb", 2, true)] // a whitespace-only first line
    [InlineData("x  \nb", 3, false)]
    public void A_line_before_a_newline_is_blank_when_it_holds_only_whitespace_back_to_the_previous_newline_or_the_start(string text, int newline, bool blank) =>
        Assert.Equal(blank, BlankLines.IsBlankLineBefore(text, newline));
}
