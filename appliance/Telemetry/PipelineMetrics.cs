using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Appliance.Telemetry;

/// <summary>
/// The pipeline's instruments, one call per event: stages report items finished by outcome, how
/// long each took, and work in flight; the scraper reports bytes fetched, the generator tokens.
/// Stages are <c>ingest</c>, <c>scrape</c>, <c>generate</c>. Running totals are kept alongside so
/// the sample recorder can read them without a metrics listener.
/// </summary>
public sealed class PipelineMetrics
{
    public const string Ingest = "ingest";
    public const string Scrape = "scrape";
    public const string Generate = "generate";

    /// <summary>Seconds, from a millisecond cache hit to a five-minute file load.</summary>
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly Counter<long> _items;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _slotWait;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<long> _bytesFetched;
    private readonly Counter<long> _tokens;
    private readonly ConcurrentDictionary<string, StageTotals> _totals = new(StringComparer.Ordinal);

    public PipelineMetrics(TelemetryMeters meters)
    {
        var m = meters.Pipeline;
        _items = m.CreateCounter<long>("appliance_stage_items_total", null, "Items a pipeline stage finished, by outcome.");
        _duration = m.CreateHistogram("appliance_stage_duration_seconds", "s", "Time a stage worked on an item, from taking its slot to its result (ingest: per file).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _slotWait = m.CreateHistogram("appliance_stage_slot_wait_seconds", "s",
            "Time an item waited for a slot of its stage's in-flight limit before its work began.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _inFlight = m.CreateUpDownCounter<long>("appliance_stage_in_flight", null, "Items a stage is working on now.");
        _bytesFetched = m.CreateCounter<long>("appliance_fetched_bytes_total", null, "Response body bytes the scrape stage downloaded.");
        _tokens = m.CreateCounter<long>("appliance_llm_tokens_total", null, "LLM tokens used by the generate stage, by kind (prompt, completion).");
    }

    public void ItemsCompleted(string stage, string outcome, long count = 1)
    {
        _items.Add(count, new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("outcome", outcome));
        Interlocked.Add(ref Totals(stage).Completed, count);
    }

    public void RecordDuration(string stage, double seconds) =>
        _duration.Record(seconds, new KeyValuePair<string, object?>("stage", stage));

    public void SlotWait(string stage, double seconds) =>
        _slotWait.Record(seconds, new KeyValuePair<string, object?>("stage", stage));

    public void InFlight(string stage, int delta)
    {
        _inFlight.Add(delta, new KeyValuePair<string, object?>("stage", stage));
        Interlocked.Add(ref Totals(stage).InFlight, delta);
    }

    public void BytesFetched(long bytes) => _bytesFetched.Add(bytes);

    /// <param name="kind"><c>prompt</c> or <c>completion</c>.</param>
    public void LlmTokens(string kind, long count) => _tokens.Add(count, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Items completed (all outcomes) since start and items in flight now, for one stage.</summary>
    public (long Completed, long InFlight) Read(string stage) =>
        _totals.TryGetValue(stage, out var t) ? (Interlocked.Read(ref t.Completed), Interlocked.Read(ref t.InFlight)) : (0, 0);

    private StageTotals Totals(string stage) => _totals.GetOrAdd(stage, _ => new StageTotals());

    private sealed class StageTotals
    {
        public long Completed;
        public long InFlight;
    }
}
