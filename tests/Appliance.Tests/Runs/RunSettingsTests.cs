using System.Text.Json;
using Appliance.Collectors;
using Appliance.Runs;

namespace Appliance.Tests.Runs;

public sealed class RunSettingsTests
{
    [Fact]
    public void ConfigurationStoredBeforeAsStrings_ReadsBackTyped()
    {
        const string stored = """
            {"lab.llm":"true","lab.web":"false","llm.model":"lab-model","jobs.workers":"file_processing 2, scraping 32, ai_processing 16",
             "llm.base_url":"http://127.0.0.1:34059/v1","scrape.chunk_size":"1000","generate.generator":"llm","scrape.concurrency":"512",
             "generate.chunk_size":"1000","generate.concurrency":"64","llm.tokens_per_minute":"0","llm.requests_per_minute":"600",
             "scrape.per_host_delay_ms":"250","scrape.request_timeout_ms":"20000","scrape.max_connections_per_host":"2"}
            """;

        var settings = JsonSerializer.Deserialize<RunSettings>(stored, RunStore.Json)!;

        Assert.Equal(512, settings.ScrapeConcurrency);
        Assert.Equal(64, settings.GenerateConcurrency);
        Assert.Equal(2, settings.MaxConnectionsPerHost);
        Assert.Equal(250, settings.PerHostDelayMs);
        Assert.Equal(600, settings.LlmRequestsPerMinute);
        Assert.True(settings.LabLlm);
        Assert.False(settings.LabWeb);
        Assert.Equal("llm", settings.Generator);
        Assert.Contains(new KeyValuePair<string, string>("Generate:Concurrency", "64"), settings.ByKey());
    }

    [Fact]
    public void Settings_RoundTripUnderTheSameKeys_WithJsonNumbersAndBooleans()
    {
        var settings = new RunSettings { ScrapeConcurrency = 32, GenerateConcurrency = 8, LabWeb = true, Generator = "template" };

        var json = JsonSerializer.Serialize(settings, RunStore.Json);

        Assert.Contains("\"scrape.concurrency\":32", json);
        Assert.Contains("\"lab.web\":true", json);
        Assert.Equal(settings, JsonSerializer.Deserialize<RunSettings>(json, RunStore.Json));
    }

    [Fact]
    public void MissingSettings_TakeTheDefaultsTheModelAssumedBefore()
    {
        var settings = JsonSerializer.Deserialize<RunSettings>("{}", RunStore.Json)!;

        Assert.Equal(4, settings.MaxConnectionsPerHost);
        Assert.Equal(0, settings.PerHostDelayMs);
        Assert.False(settings.LabWeb);
    }

    [Fact]
    public void HostInventoryStoredBefore_ReadsBackTyped()
    {
        const string stored = """
            {"disks":[{"name":"vda","model":null,"rotational":true,"size_bytes":274877906944}],"kernel":"6.18.44-fc-v782","hostname":"vm",
             "cpu_model":"AMD EPYC","logical_cpus":2,"memory_bytes":25276026880,"physical_cores":2,"uptime_seconds":16429.08}
            """;

        var host = JsonSerializer.Deserialize<HostInventory>(stored, RunStore.Json)!;

        Assert.Equal("vm", host.Hostname);
        Assert.Equal(2, host.LogicalCpus);
        Assert.Equal(25_276_026_880, host.MemoryBytes);
        var disk = Assert.Single(host.Disks);
        Assert.Equal(("vda", null, 274_877_906_944d, true), (disk.Name, disk.Model, disk.SizeBytes, disk.Rotational));
    }
}
