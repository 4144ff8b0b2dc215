using System.Globalization;
using System.Text.Json.Nodes;

namespace Appliance.Benchmarks;

/// <summary>
/// A lab web nobody tuned the model to: the latency median and tail, the share of hanging and dripping sites and the
/// other faults, drawn from a seed, so a benchmark pair can be rerun exactly. Passed to the lab as <c>APPLIANCE_Lab__…</c>
/// settings (LabOptions), which the run's lab child process reads. Page sizes vary through the share of huge (5 MiB)
/// pages; the lab has no setting for hosts per site (each lead is its own host), so that is not drawn. Later draws come
/// after the earlier ones, so a seed keeps the latency mix it had before page sizes were drawn. The lab keeps its own seed
/// (<c>Lab:Seed</c>, 42): the lab's DNS answers only the names a leads file written for its seed holds, and
/// <c>appliance run --lab-rows</c> writes them for 42 (another seed made every fetch a <c>dns_nxdomain</c>).
/// </summary>
public sealed record LatencyMix(int Seed, double MedianMs, double P95Ms, double HangRate, double SlowDripRate, double NotFoundRate, double ResetRate)
{
    public double HugePageRate { get; init; } = 0.005;

    public static LatencyMix Draw(int seed)
    {
        var r = new Random(seed);
        double Between(double lo, double hi) => lo + (r.NextDouble() * (hi - lo));
        var median = Math.Round(Math.Exp(Between(Math.Log(100), Math.Log(900))));
        return new LatencyMix(seed, median, Math.Round(median * Between(2.5, 10)), Math.Round(Between(0, 0.012), 4), Math.Round(Between(0, 0.012), 4),
            Math.Round(Between(0.01, 0.06), 3), Math.Round(Between(0, 0.02), 3))
        {
            HugePageRate = Math.Round(Between(0, 0.02), 4),
        };
    }

    public IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["APPLIANCE_Lab__LatencyMedianMs"] = S(MedianMs),
        ["APPLIANCE_Lab__LatencyP95Ms"] = S(P95Ms),
        ["APPLIANCE_Lab__HangRate"] = S(HangRate),
        ["APPLIANCE_Lab__SlowDripRate"] = S(SlowDripRate),
        ["APPLIANCE_Lab__NotFoundRate"] = S(NotFoundRate),
        ["APPLIANCE_Lab__ResetRate"] = S(ResetRate),
        ["APPLIANCE_Lab__HugePageRate"] = S(HugePageRate),
    };

    public JsonObject ToJson() => new()
    {
        ["seed"] = Seed, ["median_ms"] = MedianMs, ["p95_ms"] = P95Ms, ["hang_rate"] = HangRate, ["slow_drip_rate"] = SlowDripRate,
        ["not_found_rate"] = NotFoundRate, ["reset_rate"] = ResetRate, ["huge_page_rate"] = HugePageRate,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}: median {MedianMs} ms, p95 {P95Ms} ms, hang {HangRate:P1}, drip {SlowDripRate:P1}, 404 {NotFoundRate:P1}, reset {ResetRate:P1}, huge pages {HugePageRate:P1}");

    private static string S(double v) => v.ToString(CultureInfo.InvariantCulture);
}
