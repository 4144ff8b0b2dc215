using Appliance.Api;

namespace Appliance.Tests.Web;

public sealed class UploadProgressTests
{
    private static UploadStatus Upload(string state) =>
        new(7, "leads.csv", 100, "csv", state, 10, 2, null, DateTime.UtcNow, DateTime.UtcNow, DateTime.UtcNow);

    [Fact]
    public void From_CountsEachStage_AndRatesPerMinuteOverTheWindow()
    {
        LeadStateCount[] counts =
        [
            new("done", null, "done", 4),
            new("failed", "timeout", "pending", 2),
            new("fetching", null, "pending", 1),
            new("pending", null, "pending", 3),
        ];

        var p = UploadProgress.From(Upload("ingested"), counts, new StageRecent(Scraped: 6, Generated: 4), windowSeconds: 30);

        Assert.Equal((3L, 1L, 4L, 2L), (p.Scrape.Pending, p.Scrape.Fetching, p.Scrape.Done, p.Scrape.Failed));
        Assert.Equal(2, p.Scrape.FailuresByReason["timeout"]);
        Assert.Equal((6L, 0L, 4L, 0L), (p.Generate.Pending, p.Generate.Generating, p.Generate.Done, p.Generate.Failed));
        Assert.Equal(12, p.ScrapePerMinute);
        Assert.Equal(8, p.GeneratePerMinute);
        Assert.False(p.Complete);
        // Scrape: 4 left at 12/min = 20 s; generate: 6 left at 8/min = 45 s. The later one.
        Assert.Equal(45, p.EtaSeconds);
    }

    [Fact]
    public void From_IsCompleteOnlyWhenIngestIsOverAndNoLeadWaits()
    {
        LeadStateCount[] through = [new("done", null, "done", 9), new("failed", "dns", "failed", 1)];

        var complete = UploadProgress.From(Upload("ingested"), through, new StageRecent(0, 0), 60);
        var stillIngesting = UploadProgress.From(Upload("ingesting"), through, new StageRecent(0, 0), 60);

        Assert.True(complete.Complete);
        Assert.Equal(0, complete.EtaSeconds);
        Assert.False(stillIngesting.Complete);
    }

    [Fact]
    public void From_AddsUpAFailureReason_WhoseLeadsAreInSeveralGenerateStates()
    {
        // Leads that failed to scrape for one reason while generate is partway through them: one group per generate state.
        LeadStateCount[] counts =
        [
            new("failed", "http_4xx", "pending", 2),
            new("failed", "http_4xx", "done", 3),
            new("failed", "reset", "done", 1),
        ];

        var p = UploadProgress.From(Upload("ingested"), counts, new StageRecent(6, 4), 60);

        Assert.Equal(5, p.Scrape.FailuresByReason["http_4xx"]);
        Assert.Equal(1, p.Scrape.FailuresByReason["reset"]);
        Assert.Equal(6, p.Scrape.Failed);
    }

    [Theory]
    [InlineData(10, 0, 10, 0, null)]      // nothing finished yet: no rate, no ETA
    [InlineData(10, 60, 20, 0, 20.0)]     // generate has not started: it is assumed to keep scrape's pace
    [InlineData(0, 0, 30, 60, 30.0)]      // scrape is through; generate alone
    [InlineData(0, 0, 0, 0, 0.0)]
    public void Eta_IsTheLaterStage_OrUnknownWithoutARate(long scrapeLeft, double scrapeRate, long generateLeft, double generateRate, double? expected)
    {
        Assert.Equal(expected, UploadProgress.Eta(scrapeLeft, scrapeRate, generateLeft, generateRate));
    }

    [Fact]
    public void HeldMessages_AreCountedApart_AndFinishTheStage()
    {
        var counts = new[] { new LeadStateCount("done", null, "done", 3), new LeadStateCount("done", null, "held", 2) };

        var p = UploadProgress.From(Upload("ingested"), counts, new StageRecent(0, 0), 60);

        Assert.Equal(3, p.Generate.Done);
        Assert.Equal(2, p.Generate.Held);
        Assert.True(p.Complete);
    }
}
