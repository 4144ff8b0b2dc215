namespace Appliance.Reports.Capacity;

/// <summary>
/// What a run measured per item, beyond the stages' rates: the service-time distributions, the stages' samples (in
/// flight, CPU), CPU-seconds a row, the database's demonstrated write rate and the LLM limits the run had. With these
/// on <see cref="RunMeasurements.Service"/>, <see cref="CapacityProjector"/> prices the stages by the operational laws
/// (<see cref="OperationalProjector"/>) instead of carrying the sample's rates and fill and drain over.
/// </summary>
public sealed record ServiceMeasurements(
    ServiceTimes Scrape, ServiceTimes? Generate,
    IReadOnlyList<StageSample> ScrapeSamples, IReadOnlyList<StageSample> GenerateSamples)
{
    /// <summary>
    /// CPU-seconds a row of everything the pipeline keeps busy on the cores (the appliance, PostgreSQL, the lab when local:
    /// the host's busy CPU less <see cref="BackgroundCores"/>), over the steady window; the appliance's own where the host's
    /// was not recorded. 0 when unknown; <see cref="CpuBasis"/> says which.
    /// </summary>
    public double CpuSecondsPerRow { get; init; }

    public string CpuBasis { get; init; } = "the appliance's process CPU";

    /// <summary>
    /// How far the CPU a row moved inside the sample: |later half − earlier half| ÷ later half of the steady window (by rows),
    /// the halves as <see cref="CpuSecondsPerRow"/> reads them; 0 when not measured. A short sample whose CPU a row still moves
    /// by this much cannot say which value a long run settles on, so a CPU-bound projection's interval carries it.
    /// </summary>
    public double CpuDrift { get; init; }

    /// <summary>
    /// The share of the cores the pipeline can keep busy: <see cref="ProcessUsableShare"/> when only the appliance's CPU is
    /// known (the rate model's CPU-bound threshold: PostgreSQL and the lab take part of the rest), <see cref="HostUsableShare"/>
    /// when the CPU a row is the host's (a CPU-bound 12,000-row lab run kept the host 99.9% busy, docs/benchmarks.md).
    /// </summary>
    public double UsableCpuShare { get; init; } = ProcessUsableShare;

    public const double ProcessUsableShare = StagePlans.CpuBoundShare;

    public const double HostUsableShare = 0.95;

    /// <summary>Cores other work kept busy before the run (taken to persist): the cores left to the pipeline are the host's less these.</summary>
    public double BackgroundCores { get; init; }

    /// <summary>
    /// Seconds the start cost beyond the steady rate: from the first item taken to the steady window's start, less the
    /// items finished by then at the window's rate (slots filling, chunks being claimed, JIT) — measured, not assumed.
    /// </summary>
    public double RampSeconds { get; init; }

    /// <summary>The most rows a second the database was seen to write (a demonstrated rate: a lower bound), and rows written a pipeline row.</summary>
    public double DatabaseRowsPerSecond { get; init; }

    public double DatabaseRowsWrittenPerRow { get; init; }

    /// <summary>The LLM limits the run was paced to; null when none were set (the template generator, an unlimited endpoint).</summary>
    public LlmLimits? Llm { get; init; }

    /// <summary>
    /// The sample's own drain: seconds from the end of the last second in which scrape held its slots (the queue emptied
    /// within the next one) to its last completion, as the sample ran it; 0 when not seen. The fetch-time distribution puts
    /// the slow failures at their mean (14 s in a 2,000-row sample whose last fetches ended 20 s after its queue emptied:
    /// the slowest of the last wave reach the request timeout itself), so this is a floor under the drain it gives.
    /// </summary>
    public double ObservedDrainSeconds { get; init; }

    /// <summary>Scrape's slots in flight when the sample's queue emptied (the held seconds' level) — the last wave <see cref="ObservedDrainSeconds"/> drained.</summary>
    public double ObservedDrainSlots { get; init; }

    /// <summary>How fast the host ran the sample, by the host speed probe its samples carry; null where they carry none.</summary>
    public HostSpeedSummary? HostSpeed { get; init; }

    /// <summary>Seconds from the end of ingest until the first scrape slot was taken (job dispatch); it does not grow with rows.</summary>
    public double DispatchSeconds { get; init; }

    /// <summary>Seconds a finished scrape row waits before generate may take it (scrape hands rows over every 250 or every 3 s).</summary>
    public double HandOffSeconds { get; init; } = 3;
}
