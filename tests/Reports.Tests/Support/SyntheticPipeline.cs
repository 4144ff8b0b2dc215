using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Support;

/// <summary>
/// A second-by-second fluid simulation of the pipeline with known parameters, standing in for a recorded run:
/// ingest, then scrape fills for <see cref="ScrapeFillSeconds"/>, completes rows at <see cref="ScrapeRate"/> (±noise)
/// until <see cref="TailItems"/> are left, which finish <see cref="DrainSeconds"/> later (timeouts). Generate trails
/// scrape by <see cref="GenerateLagSeconds"/> at up to <see cref="GenerateRate"/> a second. Wall time is the second
/// the last message completes.
/// </summary>
internal sealed record SyntheticPipeline(
    double IngestRowsPerSecond = 65_000, double IngestStartupSeconds = 0.5, int ScrapeFillSeconds = 6, double ScrapeRate = 200,
    int TailItems = 5, int DrainSeconds = 20, int GenerateLagSeconds = 2, double GenerateRate = 1000, double Noise = 0.2, int Seed = 1, bool Sequential = false)
{
    public sealed record Run(long Rows, double WallSeconds, double IngestSeconds, IReadOnlyList<CounterSample> Scrape, IReadOnlyList<CounterSample> Generate);

    public Run Simulate(long rows)
    {
        var random = new Random(Seed);
        var ingest = IngestStartupSeconds + rows / IngestRowsPerSecond;
        var start = (int)Math.Ceiling(ingest);
        var scrape = new List<CounterSample> { new(0, 0) };
        var generate = new List<CounterSample> { new(0, 0) };
        long scraped = 0, generated = 0;
        var history = new List<long>();
        int? steadyEnd = null;
        for (var t = 1; generated < rows; t++)
        {
            if (t > start + ScrapeFillSeconds && scraped < rows - TailItems)
            {
                var step = (long)Math.Round(ScrapeRate * (1 + Noise * (random.NextDouble() - 0.5) * 2));
                scraped = Math.Min(rows - TailItems, scraped + Math.Max(0, step));
                if (scraped == rows - TailItems)
                {
                    steadyEnd = t;
                }
            }
            else if (steadyEnd is { } end && t >= end + DrainSeconds)
            {
                scraped = rows;
            }

            history.Add(scraped);
            var supply = t - GenerateLagSeconds - 1 >= 0 ? history[t - GenerateLagSeconds - 1] : 0;
            supply = Sequential && supply < rows ? 0 : supply;
            generated = Math.Min(supply, generated + (long)GenerateRate);
            scrape.Add(new CounterSample(t, scraped));
            generate.Add(new CounterSample(t, generated));
        }

        return new Run(rows, generate[^1].Seconds, ingest, scrape, generate);
    }

    /// <summary>The measurements the lead's code would hand the projector for a simulated run.</summary>
    public static RunMeasurements Measure(Run run, ScrapeMix? mix = null, HostLimits? hosts = null, double cores = 2,
        double scrapeCpu = 0, double generateCpu = 0, double generateLatency = 0)
    {
        var s = StageRate.Estimate(run.Scrape);
        var g = StageRate.Estimate(run.Generate);
        return new RunMeasurements(run.Rows, run.WallSeconds, run.IngestSeconds,
            new StageMeasurement("scrape", s, 512) { ProcessCpuCores = scrapeCpu },
            new StageMeasurement("generate", g, 64) { ProcessCpuCores = generateCpu, MeanItemSeconds = generateLatency },
            mix ?? LabMix, hosts ?? new HostLimits(4, 0), cores)
        {
            IngestRowsPerSecond = 65_000,
            IngestStartupSeconds = 0.5,
            StageOverlap = StageOverlap.Between(s, g),
        };
    }

    /// <summary>Every lead its own site on one of 2,000 hosts, successes ~0.8 s, a few fast failures, no timeouts.</summary>
    public static readonly ScrapeMix LabMix = new(1.0, 2000, 0.001, new FailureMix(0.8, 0.05, 0.05, 0, 20));
}
