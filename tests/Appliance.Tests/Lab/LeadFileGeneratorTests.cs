using Appliance.Lab;

namespace Appliance.Tests.Lab;

public class LeadFileGeneratorTests
{
    [Fact]
    public void SameSeed_WritesTheSameBytes()
    {
        Assert.Equal(Write(2_000, seed: 7), Write(2_000, seed: 7));
        Assert.NotEqual(Write(2_000, seed: 7), Write(2_000, seed: 8));
    }

    [Fact]
    public void AnotherFileSeed_StillNamesTheCompanyOfTheLabSiteEachRowPointsAt()
    {
        foreach (var line in Write(500, seed: 1_007, clean: true).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            Assert.True(LeadFileGenerator.TryGetSiteIndex(line[..line.IndexOf(',')], out var index));
            Assert.Contains(LabWeb.CompanyName(42, index), line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CleanRows_PointAtLabSites_WhoseCompanyTheyName()
    {
        var lines = Write(4_000, port: 18_089, clean: true).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(LeadFileGenerator.Header, lines[0]);
        Assert.Equal(4_000, lines.Length - 1);
        var sites = new HashSet<int>();
        foreach (var line in lines.Skip(1))
        {
            var website = line[..line.IndexOf(',')];
            Assert.True(LeadFileGenerator.TryGetSiteIndex(website, out var index), website);
            Assert.InRange(index, 0, 2_999);
            Assert.Equal(18_089, new Uri(website).Port);
            Assert.Contains(LabWeb.CompanyName(42, index), line, StringComparison.Ordinal);
            sites.Add(index);
        }

        // About one lead in four shares its site: ~2,250 distinct of 3,000 possible for 4,000 rows.
        Assert.InRange(sites.Count, 2_000, 2_500);
    }

    [Fact]
    public void DefaultRows_IncludeAFewBrokenOnes()
    {
        var lines = Write(20_000).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

        var broken = lines.Count(l => !LeadFileGenerator.TryGetSiteIndex(l[..l.IndexOf(',')], out _));
        Assert.InRange(broken, 100, 320);
        Assert.Contains(lines, l => l.StartsWith("n/a,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(','));
    }

    [Fact]
    public void SitesOption_BoundsTheSitesUsed()
    {
        var lines = Write(1_000, sites: 10, clean: true).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);

        Assert.All(lines, l => Assert.True(LeadFileGenerator.TryGetSiteIndex(l[..l.IndexOf(',')], out var i) && i < 10));
    }

    private static string Write(int rows, int seed = 42, int port = LabOptions.DefaultPort, int sites = 0, bool clean = false)
    {
        using var writer = new StringWriter();
        LeadFileGenerator.Write(writer, rows, seed, null, withBadRows: !clean, port, sites);
        return writer.ToString();
    }
}
