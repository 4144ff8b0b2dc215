using Appliance.Runs;
using Appliance.Tests.Support;

namespace Appliance.Tests.Runs;

public sealed class ReportFolderTests
{
    [Fact]
    public void List_IsNewestFirst_AndSkipsFilesThatAreNoReport()
    {
        using var dir = new TempDirectory();
        Write(dir, "report-run-3.pdf", hoursAgo: 2);
        Write(dir, "report-run-12.pdf", hoursAgo: 1);
        Write(dir, "report-run-4.pdf.abc.partial", hoursAgo: 0);
        Write(dir, "report-run-x.pdf", hoursAgo: 0);
        Write(dir, "notes.txt", hoursAgo: 0);

        var reports = ReportFolder.List(dir.Path);

        Assert.Equal([(12L, "report-run-12.pdf"), (3L, "report-run-3.pdf")], reports.Select(r => (r.RunId, r.File)));
        Assert.Equal(5, reports[0].Bytes);
        Assert.Empty(ReportFolder.List(Path.Combine(dir.Path, "missing")));
    }

    [Fact]
    public void Prune_KeepsTheNewestN()
    {
        using var dir = new TempDirectory();
        for (var i = 1; i <= 4; i++)
        {
            Write(dir, ReportFolder.FileName(i), hoursAgo: 10 - i);
        }

        ReportFolder.Prune(dir.Path, 2);

        Assert.Equal(["report-run-4.pdf", "report-run-3.pdf"], ReportFolder.List(dir.Path).Select(r => r.File));
    }

    [Theory]
    [InlineData("report-run-7.pdf", true)]
    [InlineData("report-run-8.pdf", false)]            // not written
    [InlineData("../report-run-7.pdf", false)]
    [InlineData("report-run-7.pdf.partial", false)]
    [InlineData("/etc/passwd", false)]
    public void TryResolve_AcceptsOnlyAReportInTheFolder(string file, bool expected)
    {
        using var dir = new TempDirectory();
        Write(dir, "report-run-7.pdf", hoursAgo: 0);

        Assert.Equal(expected, ReportFolder.TryResolve(dir.Path, file, out var path));
        if (expected)
        {
            Assert.Equal(Path.Combine(dir.Path, file), path);
        }
    }

    private static void Write(TempDirectory dir, string name, int hoursAgo)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, "%PDF-");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-hoursAgo));
    }
}
