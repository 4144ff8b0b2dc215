using System.CommandLine;
using System.Text.Json;
using Appliance.Ingest;

namespace Appliance.Cli;

/// <summary><c>appliance ingest FILE</c>: load a lead file into PostgreSQL directly, with a progress bar.</summary>
public static class IngestCommand
{
    public const int Refused = CliErrors.Refused;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "CSV or XLSX lead file" };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on stdout" };
        var sheet = new Option<string?>("--sheet") { Description = "XLSX sheet to read (default: the first)" };
        var command = new Command("ingest", "Ingest a CSV or XLSX lead file into PostgreSQL") { file, json, sheet };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(file)!, parse.GetValue(json), parse.GetValue(sheet), ct));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, bool json, string? sheet, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new CliRefusedException(Directory.Exists(file.FullName)
                ? $"{file.FullName} is a directory: give a CSV or XLSX lead file"
                : $"{file.FullName} does not exist");
        }

        await using var services = await ApplianceServices.OpenAsync(sheet is null ? null : new Dictionary<string, string?> { ["Ingest:Sheet"] = sheet }, ct);
        var ingestor = services.Get<UploadIngestor>();
        var id = await ingestor.RegisterAsync(file.Name, file.Length, file.FullName, ct);
        var result = await CliConsole.WithProgressAsync($"Ingesting {file.Name}", p => ingestor.IngestAsync(id, file.FullName, p, ct));

        if (json)
        {
            Console.WriteLine(ProcessStats.WithCost(JsonSerializer.SerializeToNode(result)!.AsObject()).ToJsonString());
        }
        else
        {
            PrintSummary(file, result);
        }

        return result.State == "ingested" ? 0 : Refused;
    }

    private static void PrintSummary(FileInfo file, IngestResult result)
    {
        if (result.Error is not null)
        {
            Console.WriteLine($"Upload {result.UploadId}: {file.Name} was refused: {result.Error}");
            return;
        }

        Console.WriteLine($"Upload {result.UploadId}: {file.Name} ({result.Format}) — {Plural.Of(result.Accepted, "row")} accepted, {result.Rejected:N0} rejected in {result.Seconds:0.00} s ({result.RowsPerSecond:N0} rows/s)");
        foreach (var (reason, count) in result.RejectsByReason.OrderByDescending(r => r.Value))
        {
            Console.WriteLine($"  rejected {count,8:N0}  {reason}");
        }
    }
}
