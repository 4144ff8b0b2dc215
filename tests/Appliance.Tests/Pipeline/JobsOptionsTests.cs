using Appliance.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Appliance.Tests.Pipeline;

public class JobsOptionsTests
{
    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = Configuration(settings);
        return new ServiceCollection().AddSingleton(configuration).AddPipeline(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Defaults_AreInMemoryQueues_AndTheProcessAsNodeName()
    {
        var options = new JobsOptions();
        var node = NodeIdentity.From(Configuration([]));

        Assert.Equal("memory", options.Storage);
        Assert.False(options.Shared);
        Assert.Equal(60, options.LeaseSeconds);
        Assert.Equal(5000, options.PollMilliseconds);
        Assert.Equal(ClaimOwner.Current, node.Name);
        Assert.False(node.Shared);
        Assert.Equal(Queues.FileProcessing, node.IngestQueue);
    }

    [Fact]
    public void UnknownStorage_IsRefused()
    {
        using var services = Services(new() { ["Jobs:Storage"] = "redis" });

        var e = Assert.ThrowsAny<OptionsValidationException>(() => services.GetRequiredService<IOptions<JobsOptions>>().Value);

        Assert.Contains("Jobs:Storage", e.Message);
    }

    [Fact]
    public void SharedQueues_GiveEachNodeItsOwnIngestQueue_WithALegalQueueName()
    {
        var node = NodeIdentity.From(Configuration(new() { ["Jobs:Storage"] = "postgres", ["Node:Name"] = "Host-7:web.1" }));

        Assert.True(node.Shared);
        Assert.Equal("Host-7:web.1", node.Name);
        Assert.Equal("file_processing_host-7_web_1", node.IngestQueue);
    }

    [Fact]
    public void Ranges_SplitEachUploadsIdsIntoChunks()
    {
        var rows = new (long, long)[] { (1, 5), (1, 3), (2, 40), (1, 9), (1, 4), (1, 3) };

        var ranges = IdRange.Chunks(rows, chunk: 2).Select(c => (c.UploadId, c.Range.FromId, c.Range.ToId)).ToList();

        Assert.Equal([(1L, 3L, 4L), (1L, 5L, 9L), (2L, 40L, 40L)], ranges);
    }
}
