namespace Appliance.Reports.Capacity;

/// <summary>
/// What a run measured about one stage, in the units of the stage's counter: scrape counts rows (cache hits
/// and failures included), generate counts messages.
/// </summary>
/// <param name="Name">"scrape" or "generate".</param>
/// <param name="Rate">The steady-state rate from <see cref="StageRate.Estimate"/>.</param>
/// <param name="Concurrency">The in-flight limit the stage ran with.</param>
public sealed record StageMeasurement(string Name, RateEstimate Rate, double Concurrency)
{
    /// <summary>Counter items per input row: 1 for scrape; messages per row for generate (failed scrapes get none).</summary>
    public double ItemsPerRow { get; init; } = 1;

    /// <summary>Mean process CPU, in cores, over the stage's window (the process's CPU is charged to the stage); 0 when unknown.</summary>
    public double ProcessCpuCores { get; init; }

    /// <summary>Mean seconds an item spends in flight (an LLM call's latency); 0 when unknown. Concurrency ÷ this is the latency-bound rate (Little's law).</summary>
    public double MeanItemSeconds { get; init; }
}
