using Appliance.Ingest;
using Appliance.Telemetry;
using Appliance.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Telemetry;

public class IngestMetricsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Ingest_CountsAcceptedAndRejectedRows_AndLeavesNothingInFlight()
    {
        using var meters = new TelemetryMeters();
        var metrics = new PipelineMetrics(meters);
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(new IngestOptions()), NullLogger<UploadIngestor>.Instance, metrics);
        using var dir = new TempDirectory();
        var path = dir.Write("leads.csv", "company,website\nAcme,https://acme.example\nBeta,not a url at all\nGamma,gamma.example\n");

        var id = await ingestor.RegisterAsync("leads.csv", new FileInfo(path).Length, path);
        var result = await ingestor.IngestAsync(id, path);

        Assert.Equal("ingested", result.State);
        Assert.Equal((long)result.Accepted + result.Rejected, metrics.Read(PipelineMetrics.Ingest).Completed);
        Assert.True(result.Rejected >= 1, "the fixture row without a URL should be rejected");
        Assert.Equal(0, metrics.Read(PipelineMetrics.Ingest).InFlight);
    }
}
