using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Appliance.Scrape;

/// <summary>
/// Where a scrape run's slots went: fetches ended and fetches in flight sampled every 100 ms while it runs, read back as
/// the steady rate (the 10–90 % of fetches ended), the slots held meanwhile, the time a fetch holds one (Little's law:
/// in flight ÷ rate), and the fill and drain around it. A whole-run rate counts the drain's last slow fetches (the
/// request timeout) at full weight; at 50,000 rows that is a tenth of the run, at 500,000 a hundredth.
/// </summary>
public sealed class ScrapePace : IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);
    private readonly List<(double Seconds, long Ended, int InFlight)> _samples = [];
    private readonly Func<long> _ended;
    private readonly Func<int> _inFlight;
    private readonly int _limit;
    private readonly long _endedBefore;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public ScrapePace(Func<long> ended, Func<int> inFlight, int limit)
    {
        _ended = ended;
        _inFlight = inFlight;
        _limit = limit;
        _endedBefore = ended();
        _sampling = SampleAsync();
    }

    public sealed record Figures(
        [property: JsonPropertyName("steady_fetches_per_minute")] double SteadyFetchesPerMinute,
        [property: JsonPropertyName("steady_mean_in_flight")] double SteadyMeanInFlight,
        [property: JsonPropertyName("slot_seconds_per_fetch")] double SlotSecondsPerFetch,
        [property: JsonPropertyName("fill_seconds")] double FillSeconds,
        [property: JsonPropertyName("drain_seconds")] double DrainSeconds,
        [property: JsonPropertyName("in_flight_limit")] int InFlightLimit);

    /// <summary>Stops sampling (call when the run has ended) and reads the figures; null for a run of under 10 fetches or too short to sample.</summary>
    public async Task<Figures?> StopAsync()
    {
        await DisposeAsync();
        Sample();
        return Read(_samples, _limit);
    }

    /// <summary>The figures of samples (seconds since the start, fetches ended by then, fetches in flight then) under a limit.</summary>
    public static Figures? Read(IReadOnlyList<(double Seconds, long Ended, int InFlight)> samples, int limit)
    {
        var total = samples[^1].Ended;
        if (total < 10)
        {
            return null;
        }

        var t10 = samples.First(s => s.Ended >= total * 0.1);
        var t90 = samples.First(s => s.Ended >= total * 0.9);
        var window = t90.Seconds - t10.Seconds;
        var steady = samples.Where(s => s.Seconds >= t10.Seconds && s.Seconds <= t90.Seconds).ToList();
        if (steady.Count < 3)
        {
            // Over within a few samples: no steady part to speak of.
            return null;
        }

        var rate = (t90.Ended - t10.Ended) / window;
        var inFlight = steady.Average(s => s.InFlight);
        // Full: within 2 % of the limit (a slot is free for an instant between two fetches).
        var full = limit * 0.98;
        var firstFull = samples.FirstOrDefault(s => s.InFlight >= full);
        var lastFull = samples.LastOrDefault(s => s.InFlight >= full);
        var end = samples[^1].Seconds;
        return new Figures(
            Math.Round(rate * 60),
            Math.Round(inFlight, 1),
            Math.Round(inFlight / rate, 3),
            Math.Round(firstFull == default ? end : firstFull.Seconds, 2),
            Math.Round(lastFull == default ? end : end - lastFull.Seconds, 2),
            limit);
    }

    private void Sample() => _samples.Add((_clock.Elapsed.TotalSeconds, _ended() - _endedBefore, _inFlight()));

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _sampling;
        }
    }
}
