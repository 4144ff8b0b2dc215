using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>A stage's steady-state time for some rows: items (fetches or messages), rate, and what sets the rate.</summary>
internal sealed record StagePlan(string Stage, double Seconds, double Rate, double Items, string Limit);

/// <summary>
/// The rate each stage would run at under a scenario, starting from the measured rate and changing only what
/// the scenario changes, each by an explicit law:
/// <list type="bullet">
/// <item>concurrency: the USL fit's X(N′)/X(N); without a sweep, fewer slots scale down linearly (Little's law)
/// and more slots are not credited;</item>
/// <item>failure mix and host count (scrape, latency-bound): rate ∝ usable slots ÷ mean seconds a fetch holds
/// one (Little's law), usable slots = min(concurrency, hosts × connections per host);</item>
/// <item>cores: a CPU-bound stage (process CPU ≥ <see cref="CpuBoundShare"/> of the cores) scales with cores;
/// any other stage gets a ceiling of <see cref="CpuBoundShare"/> × cores ÷ CPU seconds per item;</item>
/// <item>LLM limits (generate): min(latency-bound rate, requests/min ÷ 60, tokens/min ÷ 60 ÷ tokens per message);</item>
/// <item>host politeness (scrape): the busiest host's fetches take at least share × fetches × max(mean fetch
/// seconds ÷ connections per host, per-host delay), whatever the global concurrency.</item>
/// </list>
/// <paramref name="rateFactor"/> moves the resulting rate within its uncertainty (1 for the expected value); it is
/// applied last, so a rate set by a configured limit or a host's politeness varies from run to run too.
/// </summary>
internal static class StagePlans
{
    public const double CpuBoundShare = 0.85;

    public static bool IsCpuBound(StageMeasurement stage, double cores) => cores > 0 && stage.ProcessCpuCores >= CpuBoundShare * cores;

    public static StagePlan Scrape(long rows, RunMeasurements run, Scenario s, UslModel? usl, double rateFactor, ICollection<string> notes)
    {
        var measured = run.Scrape;
        var mix = s.Target ?? run.Mix;
        var hosts = s.Hosts ?? run.Hosts;
        var fetches = rows * mix.FetchesPerRow;
        var rate = measured.Rate.PerSecond * run.Mix.FetchesPerRow;
        var limit = "measured rate";

        var concurrency = s.ScrapeConcurrency ?? measured.Concurrency;
        var before = Usable(measured.Concurrency, run.Mix, run.Hosts);
        var after = Usable(concurrency, mix, hosts);
        if (IsCpuBound(measured, run.Cores))
        {
            notes.Add(F($"scrape was CPU-bound ({measured.ProcessCpuCores:0.0} of {run.Cores:0} cores): concurrency, failure mix and host count do not change its rate, cores do"));
        }
        else
        {
            rate *= ConcurrencyFactor("scrape", before, after, usl, notes);
            rate *= run.Mix.Failures.MeanSeconds / mix.Failures.MeanSeconds;
            if (Math.Abs(after - before) > 1e-9)
            {
                limit = F($"{after:0} usable slots (concurrency {concurrency:0}, {mix.DistinctHosts} hosts × {hosts.MaxConnectionsPerHost})");
            }
        }

        (rate, limit) = Cores("scrape", measured, run, s, rate, limit, notes);
        var seconds = fetches / rate;
        var perFetch = Math.Max(mix.Failures.MeanSeconds / hosts.MaxConnectionsPerHost, hosts.PerHostDelaySeconds);
        var hostSeconds = mix.LargestHostShare * fetches * perFetch;
        if (hostSeconds > seconds)
        {
            seconds = hostSeconds;
            rate = fetches / hostSeconds;
            limit = F($"host politeness: the busiest host has {mix.LargestHostShare * 100:0.#}% of fetches at {hosts.MaxConnectionsPerHost} connections, {hosts.PerHostDelaySeconds:0.##} s apart");
        }

        return new StagePlan("scrape", seconds / rateFactor, rate * rateFactor, fetches, limit);
    }

    public static StagePlan Generate(long rows, RunMeasurements run, Scenario s, UslModel? usl, double rateFactor, ICollection<string> notes)
    {
        var measured = run.Generate;
        var messages = rows * measured.ItemsPerRow;
        var rate = measured.Rate.PerSecond;
        var limit = "measured rate";
        var concurrency = s.GenerateConcurrency ?? measured.Concurrency;
        if (!IsCpuBound(measured, run.Cores))
        {
            rate *= ConcurrencyFactor("generate", measured.Concurrency, concurrency, usl, notes);
        }

        if (s.Llm is { } llm)
        {
            var cap = llm.MessagesPerSecond;
            var unlimited = measured.MeanItemSeconds > 0 ? concurrency / measured.MeanItemSeconds : rate;
            if (measured.MeanItemSeconds <= 0)
            {
                notes.Add("generate: the LLM's latency was not measured, so new rate limits can lower its rate but not raise it");
            }

            rate = Math.Min(unlimited, cap);
            limit = unlimited <= cap
                ? F($"LLM latency: {concurrency:0} in flight ÷ {measured.MeanItemSeconds:0.00} s a call")
                : "LLM rate limit: " + string.Join(", ", new[]
                {
                    llm.RequestsPerMinute > 0 ? F($"{llm.RequestsPerMinute} requests/min") : null,
                    llm.TokensPerMinute > 0 ? F($"{llm.TokensPerMinute} tokens/min at {llm.TokensPerMessage:0} tokens a message") : null,
                }.OfType<string>());
        }

        (rate, limit) = Cores("generate", measured, run, s, rate, limit, notes);
        rate *= rateFactor;
        return new StagePlan("generate", messages / rate, rate, messages, limit);
    }

    private static double Usable(double concurrency, ScrapeMix mix, HostLimits hosts) =>
        Math.Min(concurrency, (double)mix.DistinctHosts * hosts.MaxConnectionsPerHost);

    private static double ConcurrencyFactor(string stage, double from, double to, UslModel? usl, ICollection<string> notes)
    {
        if (Math.Abs(to - from) < 1e-9)
        {
            return 1;
        }

        if (usl is not null)
        {
            return usl.ThroughputAt(to) / usl.ThroughputAt(from);
        }

        notes.Add(to > from
            ? F($"{stage}: no concurrency sweep, so going from {from:0} to {to:0} in flight is not credited (run `appliance sweep --stage {stage}`)")
            : F($"{stage}: no concurrency sweep; {from:0} → {to:0} in flight scaled linearly (Little's law)"));
        return Math.Min(1, to / from);
    }

    private static (double Rate, string Limit) Cores(string stage, StageMeasurement measured, RunMeasurements run, Scenario s, double rate, string limit, ICollection<string> notes)
    {
        var cores = s.Cores ?? run.Cores;
        if (measured.ProcessCpuCores <= 0 || run.Cores <= 0)
        {
            if (s.Cores is not null)
            {
                notes.Add(F($"{stage}: CPU was not measured, so {cores:0} cores cannot be priced"));
            }

            return (rate, limit);
        }

        if (IsCpuBound(measured, run.Cores))
        {
            return (rate * cores / run.Cores, F($"CPU-bound: {measured.ProcessCpuCores:0.0} of {run.Cores:0} cores busy, scaled to {cores:0}"));
        }

        var cpuPerItem = measured.ProcessCpuCores / (measured.Rate.PerSecond * (stage == "scrape" ? run.Mix.FetchesPerRow : 1));
        var ceiling = CpuBoundShare * cores / cpuPerItem;
        if (s.Cores is not null)
        {
            notes.Add(F($"{stage} is not CPU-bound ({measured.ProcessCpuCores:0.00} of {run.Cores:0} cores): {cores:0} cores cap it at {ceiling:0.#}/s"));
        }

        return ceiling < rate ? (ceiling, F($"CPU: {cores:0} cores at {cpuPerItem * 1000:0.##} ms CPU an item")) : (rate, limit);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
