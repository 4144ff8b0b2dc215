using System.Text.Json;
using System.Text.RegularExpressions;

namespace Appliance.Tests.Telemetry;

/// <summary>
/// The shipped Grafana dashboard (docs/grafana/appliance.json) asks only for series the appliance exports: every metric
/// a query names appears in <c>metrics.golden.txt</c>, the real <c>/metrics</c> output over the NVMe fixture host that
/// <see cref="MetricsGoldenTests"/> keeps in step with the code. A renamed metric breaks this test, not a dashboard.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    private static readonly string Root = FixtureHosts.RepositoryRoot();

    [Fact]
    public void EveryQuery_NamesOnlySeriesTheApplianceExports()
    {
        var exported = Exported();
        var queries = Queries().ToList();

        Assert.True(queries.Count >= 20, $"only {queries.Count} queries found");
        foreach (var (panel, expr) in queries)
        {
            var names = MetricNames(expr).ToList();
            Assert.True(names.Count > 0, $"{panel}: no metric in \"{expr}\"");
            foreach (var name in names)
                Assert.True(exported.Contains(name), $"{panel}: \"{name}\" is not exported (query: {expr})");
        }
    }

    [Fact]
    public void Dashboard_LoadsAsGrafanaProvisioningExpects_WithHostAndPipelinePanels()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "grafana", "appliance.json")));
        var root = doc.RootElement;

        Assert.Equal("appliance-host-pipeline", root.GetProperty("uid").GetString());
        Assert.Equal("utc", root.GetProperty("timezone").GetString());
        var titles = root.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()).ToList();
        Assert.Contains("Load per core", titles);
        Assert.Contains("Items finished a minute, by stage", titles);
        var exprs = Queries().Select(q => q.Expr).ToList();
        Assert.Contains(exprs, e => e.Contains("node_cpu_seconds_total", StringComparison.Ordinal));
        Assert.Contains(exprs, e => e.Contains("appliance_stage_duration_seconds_bucket", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCheck_RejectsAnUnknownSeries()
    {
        Assert.DoesNotContain("appliance_stage_itemz_total", Exported());
        Assert.Equal(["appliance_stage_itemz_total"], MetricNames("sum by (stage) (rate(appliance_stage_itemz_total{instance=\"$instance\"}[1m])) * 60"));
    }

    private static HashSet<string> Exported() =>
        File.ReadLines(Path.Combine(Root, "tests", "Appliance.Tests", "Telemetry", "metrics.golden.txt"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => SeriesName().Match(l).Value)
            .ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<(string Panel, string Expr)> Queries()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "docs", "grafana", "appliance.json")));
        return doc.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)))
            .ToList();
    }

    /// <summary>The series a PromQL expression names: identifiers outside label matchers, ranges and strings, less functions and keywords.</summary>
    private static IEnumerable<string> MetricNames(string expr)
    {
        var bare = Matchers().Replace(expr, " ");
        return Identifier().Matches(bare).Select(m => m.Value)
            .Where(w => !PromQl.Contains(w) && !w.StartsWith('$'))
            .Where(w => w.StartsWith("node_", StringComparison.Ordinal) || w.StartsWith("appliance_", StringComparison.Ordinal) || w.StartsWith("process_", StringComparison.Ordinal)
                        || Regex.IsMatch(bare, $@"\b{Regex.Escape(w)}\s*(\{{|\[|\)|$|\s[-+*/])"))
            .Distinct();
    }

    private static readonly HashSet<string> PromQl =
    [
        "sum", "by", "rate", "on", "count", "scalar", "histogram_quantile", "le", "mode", "stage", "outcome", "device", "kind", "node", "queue",
        "instance", "collector", "mountpoint", "fstype", "without", "ignoring", "group_left", "group_right", "avg", "max", "min",
    ];

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SeriesName();

    /// <summary>Label matchers, ranges and quoted strings: nothing inside them is a series.</summary>
    [GeneratedRegex("""\{[^}]*\}|\[[^\]]*\]|"[^"]*"|\b\d+(\.\d+)?\b""")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\$?[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
