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
            Assert.Contains(LabCompany.Create(42, index).Name, line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CleanRows_PointAtLabSites_WhoseCompanyTheyName()
    {
        var lines = Write(4_000, port: 18_089, clean: true, https: false).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(LeadFileGenerator.Header, lines[0]);
        Assert.Equal(4_000, lines.Length - 1);
        var sites = new HashSet<int>();
        foreach (var line in lines.Skip(1))
        {
            var website = line[..line.IndexOf(',')];
            Assert.True(LeadFileGenerator.TryGetSiteIndex(website, out var index), website);
            Assert.InRange(index, 0, 3_999);
            Assert.Equal(18_089, new Uri(website).Port);
            Assert.Contains(LabCompany.Create(42, index).Name, line, StringComparison.Ordinal);
            sites.Add(index);
        }

        // About one lead in twenty repeats an earlier row's site (the default 5 %): ~3,800 distinct of 4,000 rows.
        Assert.InRange(sites.Count, 3_700, 3_880);
    }

    [Fact]
    public void DefaultRows_NameSitesOverHttps_AndTheDuplicateShareIsConfigurable()
    {
        var lines = Write(4_000, clean: true, duplicates: 0.3).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();

        var urls = lines.Select(l => new Uri(l[..l.IndexOf(',')])).ToList();
        Assert.All(urls, u => Assert.Equal("https", u.Scheme));
        Assert.All(urls, u => Assert.Equal(18_443, u.Port));
        Assert.All(urls, u => Assert.True(LabNames.TryGetSiteIndex(u.Host, 42, out _), u.Host));
        var distinct = urls.Select(u => u.Host).Distinct().Count();
        Assert.InRange(distinct, 2_640, 2_960); // 70 % of 4,000 ± 4 sd
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

    private static string Write(int rows, int seed = 42, int port = LabOptions.DefaultPort, int sites = 0, bool clean = false, bool https = true, double duplicates = 0.05)
    {
        using var writer = new StringWriter();
        LeadFileGenerator.Write(writer, rows, seed, null, withBadRows: !clean, port, sites, firstSite: 0, httpsPort: https ? 18_443 : null, duplicateShare: duplicates);
        return writer.ToString();
    }
}
