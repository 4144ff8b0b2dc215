using Appliance.Reports.Report;

namespace Appliance.Reports.Tests.Report;

public sealed class VerdictsTests
{
    static ReportInput With(Func<int, TelemetrySample, TelemetrySample> shape, string generator = "template", LlmAccount? llm = null,
        double generatePerMinute = 600)
    {
        var samples = Enumerable.Range(0, 60).Select(t => shape(t, new TelemetrySample
        {
            SecondsSinceStart = t, ScrapeCompleted = t * 10, GenerateCompleted = t * 10,
            CpuIdle = 0.5, CpuUser = 0.4, Load1 = 1, MemAvailableBytes = 8L << 30, PsiCpuSome = 0.01, PsiMemorySome = 0,
            DiskIops = 100, PsiIoSome = 0.01, PsiIoFull = 0, DiskWaitMs = 0.2, NetRxBytesPerS = 0, NetTxBytesPerS = 0,
            ProcessCpuCores = 1, ProcessRssBytes = 400L << 20,
        })).ToList();
        return ReportInputBuilder.Minimal() with
        {
            Host = new HostInfo { Hostname = "h", Cores = 2, RamBytes = 16L << 30 },
            Run = ReportInputBuilder.Minimal().Run with { Generator = generator },
            Samples = samples,
            Llm = llm,
            Stages = [new StageResult { Name = "generate", RowsPerMinute = generatePerMinute }],
        };
    }

    static ResourceVerdict Of(ReportInput input, string resource) => Verdicts.From(input).Single(v => v.Resource == resource);

    [Fact]
    public void BusyCpuWithTasksWaiting_IsSaturated_WithItsFigures()
    {
        var input = With((t, s) => s with { CpuIdle = 0.03, CpuUser = 0.9, PsiCpuSome = 1.0, Load1 = 12, ProcessCpuCores = 1.82 });

        var cpu = Of(input, "CPU");

        Assert.Equal(VerdictState.Saturated, cpu.State);
        Assert.Contains("97 % busy", cpu.Evidence);
        Assert.Contains("load 6.00 per core", cpu.Evidence);
        Assert.Contains("1.82 of 2 cores", cpu.Evidence);
    }

    [Fact]
    public void HalfIdleCpu_AndPlentyOfMemory_HaveHeadroom()
    {
        var input = With((t, s) => s);

        Assert.Equal(VerdictState.Headroom, Of(input, "CPU").State);
        var memory = Of(input, "Memory");
        Assert.Equal(VerdictState.Headroom, memory.State);
        Assert.Contains("at most 50 % in use", memory.Evidence);
    }

    [Fact]
    public void LowAvailableMemory_IsSaturated()
    {
        Assert.Equal(VerdictState.Saturated, Of(With((t, s) => s with { MemAvailableBytes = 1L << 30 }), "Memory").State);
    }

    [Fact]
    public void LoopbackOnlyTraffic_NetworkIsNotMeasured_AndSaysWhy()
    {
        var network = Of(With((t, s) => s), "Network");

        Assert.Equal(VerdictState.NotMeasured, network.State);
        Assert.Contains("loopback", network.Evidence);
    }

    [Fact]
    public void Template_LlmAccountIsNotMeasured()
    {
        var llm = Of(With((t, s) => s), "LLM account");

        Assert.Equal(VerdictState.NotMeasured, llm.State);
        Assert.Contains("template generator", llm.Evidence);
    }

    [Fact]
    public void LlmNearItsRequestLimit_IsSaturated_FarBelowIt_HasHeadroom()
    {
        var near = With((t, s) => s, "llm", new LlmAccount("m", 600, 0, 300, null), generatePerMinute: 590);
        var far = With((t, s) => s, "llm", new LlmAccount("m", 6_000, 0, 300, null), generatePerMinute: 590);

        Assert.Equal(VerdictState.Saturated, Of(near, "LLM account").State);
        Assert.Contains("590 of 600 requests/min", Of(near, "LLM account").Evidence);
        Assert.Equal(VerdictState.Headroom, Of(far, "LLM account").State);
    }

    [Fact]
    public void WithoutDatabaseCounters_TheDatabaseIsNotMeasured_AndTheWindowIsTheStagesWork()
    {
        var input = With((t, s) => t < 10 ? s with { ScrapeCompleted = 0, GenerateCompleted = 0 } : s);

        var database = Of(input, "Database");

        Assert.Equal(VerdictState.NotMeasured, database.State);
        // The first completion is between samples 9 and 10: the window opens at 9 s.
        Assert.StartsWith("9 s to 59 s after the start", database.Window);
    }

    [Fact]
    public void NoSamples_EveryVerdictIsNotMeasured()
    {
        Assert.All(Verdicts.From(ReportInputBuilder.Minimal()), v => Assert.Equal(VerdictState.NotMeasured, v.State));
    }
}
