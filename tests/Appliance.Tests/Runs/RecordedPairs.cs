using System.Text.Json;
using Appliance.Reports.Capacity;
using Appliance.Runs;
using Appliance.Tests.Telemetry;

namespace Appliance.Tests.Runs;

/// <summary>
/// The recorded runs of tests/fixtures/runs (written by the projection benchmark) and their pairs: a sample projected to
/// another run's rows (and cores), without a clock.
/// </summary>
public static class RecordedPairs
{
    /// <summary>One pair: the sample's fixture, the actual run's, and the cores the projection is asked for (null: the sample's own).</summary>
    public sealed record Pair(string Name, string Sample, string Actual, double? Cores = null);

    /// <summary>Every pair the fixtures hold, in the order docs/benchmarks.md lists them.</summary>
    public static IReadOnlyList<Pair> All =>
    [
        new("template 5,000 → 50,000", "run-template-5000.json", "run-template-50000.json"),
        new("lab LLM 5,000 → 50,000", "run-lab-5000.json", "run-lab-50000.json"),
        .. new[] { 101, 102, 103, 104, 105, 106, 107, 201, 202, 203, 204, 205, 206, 207, 208 }
            .Select(m => new Pair($"mix {m}, 2,000 → 12,000", $"run-template-2000-mix{m}.json", $"run-template-12000-mix{m}.json")),
        .. new[] { 301, 302, 303, 304, 305, 306, 307, 308 }
            .Select(m => new Pair($"mix {m}, 5,000 → 30,000", $"run-template-5000-mix{m}.json", $"run-template-30000-mix{m}.json")),
        .. new[] { 301, 302, 303, 304, 305, 306, 307, 308 }
            .Select(m => new Pair($"mix {m}, 30,000 → itself", $"run-template-30000-mix{m}.json", $"run-template-30000-mix{m}.json")),
        .. new[] { 301, 302, 303 }
            .Select(m => new Pair($"mix {m}, lab LLM 5,000 → 50,000", $"run-lab-5000-mix{m}.json", $"run-lab-50000-mix{m}.json")),
        // The same mixes after the in-flight limit began to serve the earliest chunk first (issue 21): every slot held.
        .. new[] { 301, 302, 303, 304, 305, 306, 307, 308 }
            .Select(m => new Pair($"mix {m}, 5,000 → 30,000, earliest chunk first", $"run-template-5000-mix{m}-chunkorder.json", $"run-template-30000-mix{m}-chunkorder.json")),
        new("template 10,000 → 500,000", "run-template-10000.json", "run-template-500000.json"),
        new("mix 301, lab LLM 5,000 → 50,000, earliest chunk first", "run-lab-5000-mix301-chunkorder.json", "run-lab-50000-mix301-chunkorder.json"),
        // Recorded with the CPU split by process and a fresh PostgreSQL cluster a pair (the current pipeline: every slot held, the smaller caches).
        new("lab LLM 5,000 → 50,000, split", "run-lab-5000-split.json", "run-lab-50000-split.json"),
        .. new[] { 302, 303 }
            .Select(m => new Pair($"mix {m}, lab LLM 5,000 → 50,000, split", $"run-lab-5000-mix{m}-split.json", $"run-lab-50000-mix{m}-split.json")),
        .. new[] { 301, 302, 303, 304, 305, 306, 307, 308 }
            .Select(m => new Pair($"mix {m}, 5,000 → 30,000, split", $"run-template-5000-mix{m}-split.json", $"run-template-30000-mix{m}-split.json")),
        new("template 10,000 → 500,000, split (progress still counted from websites)", "run-template-10000-split.json", "run-template-500000-split.json"),
        new("template 10,000 → 500,000, progress from upload_progress", "run-template-10000-progress.json", "run-template-500000-progress.json"),
        // After the progress fix, with the host's speed probed every second beside the CPU by process (run-*-probe.processes.json).
        .. new[] { 301, 302, 303, 304, 305, 306, 307, 308 }
            .Select(m => new Pair($"mix {m}, 5,000 → 30,000, probed", $"run-template-5000-mix{m}-probe.json", $"run-template-30000-mix{m}-probe.json")),
        .. new[] { 301, 302, 303, 304, 305, 306, 307, 308 }
            .Select(m => new Pair($"mix {m}, 2,000 → 12,000, probed", $"run-template-2000-mix{m}-probe.json", $"run-template-12000-mix{m}-probe.json")),
        // Mixes nobody had run, after the appliance records the host speed probe with every sample (its samples carry it).
        .. new[] { 311, 312, 313, 314, 315, 316, 317, 318 }
            .Select(m => new Pair($"mix {m}, 5,000 → 30,000, fresh", $"run-template-5000-mix{m}.json", $"run-template-30000-mix{m}.json")),
        .. new[] { 411, 412, 413, 414, 415, 416, 417, 418 }
            .Select(m => new Pair($"mix {m}, 2,000 → 12,000, fresh", $"run-template-2000-mix{m}.json", $"run-template-12000-mix{m}.json")),
        .. new[] { 511, 512, 513, 514, 515, 516, 517, 518 }
            .Select(m => new Pair($"mix {m}, lab LLM 5,000 → 50,000, fresh", $"run-lab-5000-mix{m}.json", $"run-lab-50000-mix{m}.json")),
        // Mixes nobody had run, after the interval carries the host's speed (HostSpeedSpread).
        .. new[] { 611, 612, 613, 614, 615, 616, 617, 618 }
            .Select(m => new Pair($"mix {m}, 5,000 → 30,000, fresh, with the host's speed", $"run-template-5000-mix{m}.json", $"run-template-30000-mix{m}.json")),
        .. new[] { 711, 712, 713, 714, 715, 716, 717, 718 }
            .Select(m => new Pair($"mix {m}, 2,000 → 12,000, fresh, with the host's speed", $"run-template-2000-mix{m}.json", $"run-template-12000-mix{m}.json")),
        new("cores: 2-core run → itself", "run-cores-2cpu-20000.json", "run-cores-2cpu-20000.json"),
        new("cores: pinned run → itself", "run-cores-1cpu-20000.json", "run-cores-1cpu-20000.json"),
        new("cores: 2-core run → --cores 1 (pinned actual)", "run-cores-2cpu-20000.json", "run-cores-1cpu-20000.json", 1),
        new("cores: pinned run → --cores 2 (2-core actual)", "run-cores-1cpu-20000.json", "run-cores-2cpu-20000.json", 2),
        new("cores, 5,000 rows, load 144–177: 2-core run → itself", "run-cores-2cpu-5000-loaded.json", "run-cores-2cpu-5000-loaded.json"),
        new("cores, 5,000 rows, load 144–177: pinned run → itself", "run-cores-1cpu-5000-loaded.json", "run-cores-1cpu-5000-loaded.json"),
        new("cores, 5,000 rows, load 144–177: 2-core → --cores 1", "run-cores-2cpu-5000-loaded.json", "run-cores-1cpu-5000-loaded.json", 1),
        new("cores, 5,000 rows, load 144–177: pinned → --cores 2", "run-cores-1cpu-5000-loaded.json", "run-cores-2cpu-5000-loaded.json", 2),
    ];

    public static RecordedRun Load(string name) =>
        JsonSerializer.Deserialize<RecordedRun>(File.ReadAllText(Path.Combine(FixtureHosts.RepositoryRoot(), "tests", "fixtures", "runs", name)), RunStore.Json)
        ?? throw new InvalidOperationException($"{name} is empty");

    /// <summary>The sample's model inputs (no sweeps), as <c>appliance project</c> builds them.</summary>
    public static CapacityModelInputs Inputs(RecordedRun sample)
    {
        var none = CapacityInputs.Fit("scrape", null, []);
        return CapacityInputs.Build(sample.Run, sample.Samples, none, none with { Stage = "generate" });
    }

    /// <summary>The pair replayed: the sample's inputs, its projection to the actual run's rows (at the pair's cores) and the actual seconds.</summary>
    public static (CapacityModelInputs Inputs, ProjectionResult Projection, double Actual) Replay(Pair pair)
    {
        var inputs = Inputs(Load(pair.Sample));
        var actual = Load(pair.Actual).Run.Summary!;
        var input = pair.Cores is { } cores ? inputs.Projection with { WhatIf = inputs.Projection.WhatIf with { Cores = cores } } : inputs.Projection;
        return (inputs, CapacityProjector.Project(input, actual.Rows), actual.Seconds);
    }

    public static string Line(Pair pair, ProjectionResult p, double actual)
    {
        var named = p.Capacity.Single(c => c.Stage == p.Bottleneck);
        var error = (p.SecondsExpected / actual) - 1;
        return FormattableString.Invariant(
            $"| {pair.Name} | {p.SecondsExpected:0.0} s [{p.SecondsLow:0.0}–{p.SecondsHigh:0.0}] | {actual:0.0} s | {error:+0.0%;−0.0%} | {(actual >= p.SecondsLow && actual <= p.SecondsHigh ? "yes" : "**no**")} | {p.Bottleneck}/{named.Limit} | {(p.SteadyState?.Reached == true ? "yes" : "no")} |");
    }
}
