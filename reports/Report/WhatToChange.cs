using Appliance.Reports.Capacity;

namespace Appliance.Reports.Report;

/// <summary>One setting changed from the run's, the configuration key that holds it, and the projection with it.</summary>
public sealed record Change(string What, string Key, string Value, ProjectionResult Projection)
{
    /// <summary>The stage that bounds the time after the change, and what bounds that stage.</summary>
    public string LimitedBy => Projection.Stages.FirstOrDefault(s => s.Stage == Projection.Bottleneck) is { } b ? $"{b.Stage}: {b.Limit}" : Projection.Bottleneck;
}

/// <summary>
/// What-if runs of the capacity model (<see cref="CapacityProjector"/>) for the settings a reader can change: each stage's
/// in-flight limit, the host's cores, the LLM account's limits. Each candidate changes one thing; the ones that shorten
/// the projection are ranked fastest first, so the change that relieves the binding constraint leads.
/// </summary>
public static class WhatToChange
{
    /// <summary>A change must save at least this share of the time to be listed.</summary>
    public const double MinimumGain = 0.02;

    public static IReadOnlyList<Change> Rank(ProjectionInput model, long rows, IReadOnlyList<StageSweep> sweeps, LlmAccount? llm)
    {
        var asRun = CapacityProjector.Project(model, rows);
        var run = model.Run;
        var candidates = new List<(string What, string Key, string Value, Scenario Scenario)>();
        foreach (var (stage, key, measured) in new[] { ("scrape", "Scrape:Concurrency", run.Scrape.Concurrency), ("generate", "Generate:Concurrency", run.Generate.Concurrency) })
        {
            var levels = new SortedSet<int> { (int)Math.Round(measured * 2), (int)Math.Round(measured * 4) };
            if (sweeps.FirstOrDefault(s => s.Stage == stage)?.Fit is { } fit)
                levels.Add(fit.RecommendedConcurrency());
            foreach (var n in levels.Where(n => n > 0 && n != (int)Math.Round(measured)))
            {
                var scenario = stage == "scrape" ? new Scenario { ScrapeConcurrency = n } : new Scenario { GenerateConcurrency = n };
                candidates.Add(($"{stage} in-flight limit {measured:0} → {n}", key, n.ToString(System.Globalization.CultureInfo.InvariantCulture), scenario));
            }
        }

        var both = Math.Max(run.Scrape.Concurrency, run.Generate.Concurrency);
        foreach (var n in new[] { (int)Math.Round(both * 2), (int)Math.Round(both * 4) })
        {
            candidates.Add(($"both stages' in-flight limits → {n}", "Scrape:Concurrency, Generate:Concurrency", n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new Scenario { ScrapeConcurrency = n, GenerateConcurrency = n }));
        }

        if (run.Cores > 0)
        {
            candidates.Add(($"twice the cores ({run.Cores:0} → {run.Cores * 2:0})", "the host's CPU", $"{run.Cores * 2:0} cores", new Scenario { Cores = run.Cores * 2 }));
        }

        if (llm is { } account && (account.RequestsPerMinute > 0 || account.TokensPerMinute > 0) && account.TokensPerMessage > 0)
        {
            var doubled = new LlmLimits(account.RequestsPerMinute * 2, account.TokensPerMinute * 2, account.TokensPerMessage);
            candidates.Add(("twice the LLM account's limits", "Llm:RequestsPerMinute, Llm:TokensPerMinute",
                $"{doubled.RequestsPerMinute} / {doubled.TokensPerMinute}", new Scenario { Llm = doubled }));
        }

        return
        [
            .. candidates
                .Select(c => TryProject(model with { WhatIf = c.Scenario }, rows) is { } p ? new Change(c.What, c.Key, c.Value, p) : null)
                .OfType<Change>()
                .Where(c => c.Projection.SecondsExpected <= asRun.SecondsExpected * (1 - MinimumGain))
                .GroupBy(c => c.Key)
                .Select(g => g.MinBy(c => c.Projection.SecondsExpected)!)
                .OrderBy(c => c.Projection.SecondsExpected),
        ];
    }

    /// <summary>The core counts the report prices the run on: this host's and the sizes a reader is likely to buy.</summary>
    public static readonly IReadOnlyList<int> CoreCounts = [1, 2, 4, 6, 8];

    /// <summary>
    /// The same run projected on a host with each of <see cref="CoreCounts"/> cores (the other settings as run): where the
    /// CPU stops binding and which stage or limit takes over. A count the model cannot price is left out.
    /// </summary>
    public static IReadOnlyList<(int Cores, ProjectionResult Projection)> ByCores(ProjectionInput model, long rows) =>
    [
        .. CoreCounts
            .Select(n => (Cores: n, Projection: TryProject(model with { WhatIf = new Scenario { Cores = n } }, rows)))
            .Where(c => c.Projection is not null)
            .Select(c => (c.Cores, c.Projection!)),
    ];

    /// <summary>The projection with both stages' in-flight limits set to <paramref name="concurrency"/> (the customer's "4 workers × 8" is 32).</summary>
    public static ProjectionResult? At(ProjectionInput model, long rows, int concurrency) =>
        TryProject(model with { WhatIf = new Scenario { ScrapeConcurrency = concurrency, GenerateConcurrency = concurrency } }, rows);

    static ProjectionResult? TryProject(ProjectionInput model, long rows)
    {
        try
        {
            return CapacityProjector.Project(model, rows);
        }
        catch (ProjectionException)
        {
            return null;
        }
    }
}
