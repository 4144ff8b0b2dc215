using Appliance.Storage;
using Appliance.Tests.Support;

namespace Appliance.Tests.Storage;

public class PostgresBinariesTests
{
    [Fact]
    public void Finds_TheNewestDistroVersion_WhenNotOnPath()
    {
        using var dir = new TempDirectory();
        foreach (var version in new[] { "13", "15", "9.6" })
        {
            var bin = Directory.CreateDirectory(Path.Combine(dir.Path, version, "bin")).FullName;
            File.WriteAllText(Path.Combine(bin, "initdb"), "");
            File.WriteAllText(Path.Combine(bin, "pg_ctl"), "");
        }

        Assert.True(PostgresBinaries.TryFind("/nonexistent", dir.Path, out var found));
        Assert.Equal(Path.Combine(dir.Path, "15", "bin"), found.BinDirectory);
    }

    [Fact]
    public void Missing_SaysHowToInstall()
    {
        Assert.False(PostgresBinaries.TryFind("/nonexistent", "/nonexistent", out _));
        Assert.Contains("apt-get install -y postgresql", PostgresBinaries.InstallHint);
    }
}
