using System.CommandLine;

namespace Appliance.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/Benchmarks -- ingest [--rows N] [--repeats N] [--skip-baseline] [--json-out FILE]</c>
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var rows = new Option<int>("--rows") { Description = "Lead rows in the generated CSV", DefaultValueFactory = _ => 500_000 };
        var repeats = new Option<int>("--repeats") { Description = "Rounds of psql \\copy then appliance ingest", DefaultValueFactory = _ => 3 };
        var skipBaseline = new Option<bool>("--skip-baseline") { Description = "Run only the appliance ingest (e.g. to show flat memory on a huge file)" };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write all figures as one JSON object to this file" };
        foreach (var positive in new[] { rows, repeats })
        {
            positive.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError($"{r.Option.Name} must be at least 1"); });
        }

        var ingest = new Command("ingest", "Ingest a clean leads CSV with psql \\copy and with `appliance ingest`, alternating")
        {
            rows, repeats, skipBaseline, jsonOut,
        };
        ingest.SetAction((parse, ct) => IngestBenchmark.RunAsync(
            new IngestBenchmark.Settings(parse.GetValue(rows), parse.GetValue(repeats), parse.GetValue(skipBaseline), parse.GetValue(jsonOut)), ct));

        var root = new RootCommand("Appliance benchmarks")
        {
            ingest, CollectorsCommand.Create(), CollectorsCommand.CreateIdle(), ScrapeStageBenchmark.Create(), GenerateStageBenchmark.Create(), BatchRouteBenchmark.Create(), ProjectionBenchmark.Create(),
            WebLoadBenchmark.Create(), ParseBudgetBenchmark.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
