using System.Diagnostics;
using System.Globalization;
using PaperLsp.Storage;
using PaperLsp.TestSupport;

namespace PaperLsp.Storage.Tests;

public sealed class LexicalPostingsLeftoverTests
{
    [Fact]
    public void Temporary_files_of_writers_that_are_gone_are_removed_and_those_of_running_writers_kept()
    {
        using var temp = new TempFolder("paperlsp-leftovers");
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        ended.WaitForExit();
        var path = Path.Combine(temp.Path, "index.db.lexical");
        var dead = path + ".tmp-" + ended.Id.ToString(CultureInfo.InvariantCulture) + "-0a1b2c3d";
        var alive = path + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-4e5f6a7b";
        var other = Path.Combine(temp.Path, "other.db.lexical.tmp-" + ended.Id.ToString(CultureInfo.InvariantCulture) + "-11111111");
        foreach (var file in new[] { dead, alive, other })
        {
            File.WriteAllText(file, "partial");
        }

        Assert.Equal(1, LexicalPostingsFile.RemoveLeftovers(path));
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(alive));
        Assert.True(File.Exists(other));
    }
}
