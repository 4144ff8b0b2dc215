using System.CommandLine;
using Appliance.Ingest;
using Appliance.Storage;
using Microsoft.Extensions.Options;

namespace Appliance.Cli;

/// <summary>
/// <c>appliance demo</c>: the main job on embedded defaults. For now: write a synthetic leads
/// file and ingest it into the bundled PostgreSQL; the scrape and generate stages and the PDF
/// report join as they are built.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Lead rows to generate", DefaultValueFactory = _ => 50_000 };
        var command = new Command("demo", "Run the main job on embedded defaults (bundled PostgreSQL, synthetic leads)") { rows };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(rows), ct));
        return command;
    }

    private static async Task<int> RunAsync(int rows, CancellationToken ct)
    {
        var configuration = ApplianceConfiguration.Load();
        using var loggers = ApplianceConfiguration.CliLoggers(configuration);
        var state = StateDirectory.Resolve();
        var file = Path.Combine(state, "demo", $"lab-leads-{rows}.csv");
        Console.WriteLine($"State directory: {state}");
        await CliConsole.WithProgressAsync($"Writing {rows:N0} synthetic leads", p =>
        {
            LabCommand.WriteLeads(file, rows, seed: 42, p);
            return Task.FromResult(0);
        });
        Console.WriteLine($"Wrote {file} ({new FileInfo(file).Length / 1e6:0.0} MB)");

        await using var db = await Database.OpenAsync(configuration, state, loggers, ct);
        Console.WriteLine($"Database: {db.Description}");
        var options = configuration.GetSection(IngestOptions.Section).Get<IngestOptions>() ?? new IngestOptions();
        var ingestor = new UploadIngestor(db.DataSource, Options.Create(options), loggers.CreateLogger<UploadIngestor>());
        var id = await ingestor.RegisterAsync(Path.GetFileName(file), new FileInfo(file).Length, file, ct);
        var result = await CliConsole.WithProgressAsync("Ingesting", p => ingestor.IngestAsync(id, file, p, ct));
        Console.WriteLine($"Ingest: {result.Accepted:N0} rows accepted, {result.Rejected:N0} rejected in {result.Seconds:0.00} s ({result.RowsPerSecond:N0} rows/s)");
        foreach (var (reason, count) in result.RejectsByReason.OrderByDescending(r => r.Value))
        {
            Console.WriteLine($"  rejected {count,6:N0}  {reason}");
        }

        Console.WriteLine($"Upload {id} is in PostgreSQL; the scrape and generate stages are not built yet.");
        return result.State == "ingested" ? 0 : 1;
    }
}
