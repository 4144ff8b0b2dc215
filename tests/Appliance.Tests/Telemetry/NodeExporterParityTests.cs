namespace Appliance.Tests.Telemetry;

/// <summary>
/// Our /metrics against Debian's node_exporter on this machine, read as ours, theirs, ours. Every
/// host series both expose must carry the same name, labels and type, and every node_ name we
/// expose must exist in theirs. Their reading happened between our two, so a counter of theirs
/// must lie between our two readings (the time between reads explains any difference), and a
/// gauge within 2% of our range (memory gauges: 2% of total memory, because small fields such as
/// Dirty move by more than 2% of themselves between reads).
/// </summary>
public class NodeExporterParityTests
{
    /// <summary>Instantaneous counts of runnable processes and in-flight I/Os move with any other test running.</summary>
    private static readonly HashSet<string> Instantaneous = ["node_procs_running", "node_procs_blocked", "node_disk_io_now"];

    [Fact]
    public async Task HostSeries_MatchNodeExporter_InNamesLabelsTypesAndValues()
    {
        await using var exporter = await NodeExporterProcess.StartAsync();
        await using var host = await TelemetryHost.StartAsync();
        await host.ScrapeAsync();

        var (before, types) = PromText.Parse(await host.ScrapeAsync());
        var (theirs, theirTypes) = PromText.Parse(await exporter.ScrapeAsync());
        var (after, _) = PromText.Parse(await host.ScrapeAsync());

        var ours = before.Where(s => s.Name.StartsWith("node_", StringComparison.Ordinal)).ToList();
        var oursAfter = after.ToDictionary(s => s.Key);
        var theirsByKey = theirs.ToDictionary(s => s.Key);
        var theirNames = theirs.Select(s => s.Name).ToHashSet();
        var memTotal = ours.Single(s => s.Name == "node_memory_MemTotal_bytes").Value;

        var problems = new List<string>();
        problems.AddRange(ours.Select(s => s.Name).Distinct().Where(n => !theirNames.Contains(n)).Select(n => $"{n}: node_exporter has no such metric"));
        foreach (var name in ours.Select(s => s.Name).Distinct().Where(theirNames.Contains))
        {
            var ourKeys = ours.Where(s => s.Name == name).Select(s => s.Key).ToHashSet();
            var theirKeys = theirs.Where(s => s.Name == name).Select(s => s.Key).ToHashSet();
            if (!ourKeys.SetEquals(theirKeys))
            {
                problems.Add($"{name}: series differ; only ours: [{string.Join(", ", ourKeys.Except(theirKeys))}], only theirs: [{string.Join(", ", theirKeys.Except(ourKeys))}]");
            }

            if (types[name] != theirTypes[name])
            {
                problems.Add($"{name}: type {types[name]}, node_exporter {theirTypes[name]}");
            }
        }

        foreach (var s in ours.Where(s => theirsByKey.ContainsKey(s.Key) && oursAfter.ContainsKey(s.Key) && !Instantaneous.Contains(s.Name)))
        {
            var (a, t, b) = (s.Value, theirsByKey[s.Key].Value, oursAfter[s.Key].Value);
            var (lo, hi) = (Math.Min(a, b), Math.Max(a, b));
            var slack = types[s.Name] == "counter"
                ? 1e-9 * Math.Max(1, hi)
                : 0.02 * (s.Name.StartsWith("node_memory_", StringComparison.Ordinal) && s.Name.EndsWith("_bytes", StringComparison.Ordinal) ? memTotal : Math.Max(Math.Abs(hi), Math.Abs(t)));
            if (t < lo - slack || t > hi + slack)
            {
                problems.Add($"{s.Key}: ours {a} then {b}, node_exporter {t}");
            }
        }

        Assert.True(ours.Count > 50, $"only {ours.Count} host series in our scrape");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
