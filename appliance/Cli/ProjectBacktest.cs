using System.Text.Json.Nodes;
using Appliance.Reports.Capacity;
using Appliance.Runs;

namespace Appliance.Cli;

/// <summary><c>appliance project --backtest [--json]</c>: the model's track record, projected vs actual for every finished run.</summary>
public static class ProjectBacktest
{
    public static async Task<int> RunAsync(ApplianceServices services, bool json, CancellationToken ct)
    {
        var entries = await services.Get<RunBacktests>().ListAsync(backfill: true, ct);
        var projected = entries.Where(e => e.Inside is not null).ToList();
        var inside = projected.Count(e => e.Inside == true);
        if (json)
        {
            Console.WriteLine(new JsonObject
            {
                ["backtests"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
                {
                    ["run_id"] = e.RunId, ["basis"] = e.Basis, ["from_run_id"] = e.FromRunId, ["rows"] = e.Rows,
                    ["projected_seconds"] = R(e.ProjectedSeconds), ["low_seconds"] = R(e.LowSeconds), ["high_seconds"] = R(e.HighSeconds),
                    ["actual_seconds"] = R(e.ActualSeconds), ["error_percent"] = R(e.ErrorPercent), ["inside_interval"] = e.Inside,
                    ["bottleneck"] = e.Bottleneck, ["steady_state"] = e.SteadyState, ["problem"] = e.Problem,
                    ["host_slower_percent"] = R(e.HostSlower * 100),
                })]),
                ["projected"] = projected.Count,
                ["inside_interval"] = inside,
            }.ToJsonString());
            return 0;
        }

        if (entries.Count == 0)
        {
            Console.WriteLine("No finished run to back-test yet: run `appliance run --lab-rows 5000` (or --file FILE) first.");
            return 0;
        }

        Console.WriteLine($"{"run",5} {"from",-14} {"rows",9} {"projected",24} {"actual",10} {"error",8} {"host",7}  inside");
        foreach (var e in entries)
        {
            var from = e.Basis == RunBacktests.PreviousRun ? $"run {e.FromRunId}" : "its first 10%";
            Console.WriteLine(e.ProjectedSeconds is { } p
                ? $"{e.RunId,5} {from,-14} {e.Rows,9:N0} {$"{D(p)} [{D(e.LowSeconds!.Value)}–{D(e.HighSeconds!.Value)}]",24} {D(e.ActualSeconds),10} {e.ErrorPercent,7:+0.0;-0.0}% {Host(e.HostSlower),7}  {(e.Inside == true ? "yes" : "NO")}{(e.SteadyState == false ? " (no steady state)" : "")}"
                : $"{e.RunId,5} {from,-14} {e.Rows,9:N0} {"—",24} {D(e.ActualSeconds),10} {"",8} {"",7}  {e.Problem}");
        }

        Console.WriteLine($"{inside} of {projected.Count} actuals inside their 90% interval.");
        if (entries.Any(e => e.HostSlower is not null))
        {
            Console.WriteLine("host: how much more CPU the host speed probe's fixed work took during the run than during its basis (+10%: the host 10% slower); where the cores bind, a slower host makes the run longer, often by more than this.");
        }
        return 0;
    }

    private static string D(double seconds) => DurationText.Format(seconds);

    private static double? R(double? v) => v is { } x ? Math.Round(x, 1) : null;

    private static string Host(double? slower) => slower is { } s ? $"{s * 100:+0;-0;0}%" : "—";
}
