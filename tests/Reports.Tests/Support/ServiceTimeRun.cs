using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Support;

/// <summary>
/// A run whose answer is known: every fetch holds its slot for exactly <see cref="FetchSeconds"/>, the stage keeps
/// <see cref="Limit"/> fetches in flight from the first second, so it completes Limit ÷ FetchSeconds a second (Little),
/// and the process spends <see cref="CpuCores"/> on it; generate is a template (no latency) that keeps up.
/// </summary>
public sealed record ServiceTimeRun(double Limit = 100, double FetchSeconds = 2, long Rows = 10_000, double CpuCores = 0.5, double Cores = 2)
{
    public double RowsPerSecond => Limit / FetchSeconds;

    public ProjectionInput Input()
    {
        var seconds = (int)Math.Ceiling(Rows / RowsPerSecond);
        var samples = new List<StageSample>();
        long done = 0;
        for (var t = 1; t <= seconds; t++)
        {
            var now = (long)Math.Min(Rows, Math.Round(t * RowsPerSecond));
            samples.Add(new StageSample(t, 1, now - done, Limit, CpuCores));
            done = now;
        }

        var cumulative = CounterSample.Accumulate(samples.Select(s => (s.Seconds, s.Completed)));
        var rate = StageRate.Estimate(cumulative);
        var run = new RunMeasurements(Rows, seconds + FetchSeconds, 0,
            new StageMeasurement("scrape", rate, Limit), new StageMeasurement("generate", rate, 64),
            new ScrapeMix(1, Rows, 1.0 / Rows, new FailureMix(FetchSeconds, 0, 0, 0, 0)), new HostLimits(4, 0), Cores)
        {
            Service = new ServiceMeasurements(new ServiceTimes([new ServicePoint(FetchSeconds, Rows)]), new ServiceTimes([new ServicePoint(0, Rows)]),
                samples, [.. samples.Select(s => s with { InFlight = 1 })])
            {
                CpuSecondsPerRow = CpuCores / RowsPerSecond,
            },
        };
        return new ProjectionInput(run);
    }
}
