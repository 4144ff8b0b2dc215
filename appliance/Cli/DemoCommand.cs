using System.CommandLine;
using System.Globalization;
using System.Text;
using Appliance.Ingest;
using Appliance.Lab;
using Appliance.Scrape;
using Appliance.Storage;

namespace Appliance.Cli;

/// <summary>
/// <c>appliance demo</c>: the main job on embedded defaults, end to end — the lab's synthetic web and
/// simulated LLM on loopback, the bundled PostgreSQL, a synthetic leads file ingested, every site
/// scraped, a message generated per lead through the real LLM client, the results exported as CSV.
/// (The PDF capacity report joins when it is built.)
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Lead rows to generate", DefaultValueFactory = _ => 2_000 };
        var command = new Command("demo", "Run the main job on embedded defaults: lab web and LLM, bundled PostgreSQL, ingest → scrape → generate → export") { rows };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(rows), ct));
        return command;
    }

    private static async Task<int> RunAsync(int rows, CancellationToken ct)
    {
        var state = StateDirectory.Resolve();
        var demo = Path.Combine(state, "demo");
        Directory.CreateDirectory(demo);
        Console.WriteLine($"State directory: {state}");

        await using var lab = await LabServer.StartAsync(new LabOptions { Port = 0 }, ct);
        Console.WriteLine($"Lab web and LLM on loopback port {lab.Port} (latency median 250 ms, the default fault mix)");

        var file = Path.Combine(demo, $"lab-leads-{rows}.csv");
        await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
        {
            Lab.LeadFileGenerator.Write(writer, rows, seed: 42, withBadRows: true, port: lab.Port);
        }

        await using var services = await CliServices.OpenAsync(new Dictionary<string, string?>
        {
            ["Scrape:AllowPrivateAddresses"] = "true",
            ["Generate:Generator"] = "llm",
            ["Generate:Concurrency"] = "256",
            ["Llm:BaseUrl"] = lab.LlmBaseUrl,
            ["Llm:Model"] = "lab-model",
            ["Llm:ApiKey"] = "lab",
        }, ct);
        Console.WriteLine($"Database: {services.Database.Description}");

        var ingestor = services.Get<UploadIngestor>();
        var id = await ingestor.RegisterAsync(Path.GetFileName(file), new FileInfo(file).Length, file, ct);
        var ingest = await CliConsole.WithProgressAsync("Ingesting", p => ingestor.IngestAsync(id, file, p, ct));
        Console.WriteLine($"1. Ingest:   {ingest.Accepted:N0} rows accepted, {ingest.Rejected:N0} rejected ({Reasons(ingest.RejectsByReason)}) in {ingest.Seconds:0.0} s");

        var scrape = await ScrapeCommand.RunAsync(services, id, ct);
        Console.WriteLine($"2. Scrape:   {scrape.Done:N0} sites read, {scrape.Failed:N0} failed ({Reasons(scrape.FailuresByReason)}) in {scrape.Seconds:0.0} s — {scrape.SitesPerMinute:N0} sites/min");

        var generate = await GenerateCommand.RunAsync(services, id, ct);
        Console.WriteLine($"3. Generate: {generate.Generated:N0} messages through the lab LLM, {generate.Failed:N0} failed in {generate.Seconds:0.0} s — {generate.MessagesPerMinute:N0} messages/min");

        var export = Path.Combine(demo, $"upload-{id.ToString(CultureInfo.InvariantCulture)}.csv");
        await using (var writer = new StreamWriter(export, false, new UTF8Encoding(false)))
        {
            var written = await services.Get<ExportWriter>().WriteAsync(id, writer, ct);
            Console.WriteLine($"4. Export:   {written:N0} rows with facts and messages in {export}");
        }

        Console.WriteLine("The PDF capacity report is not built yet (a later issue); the figures above are measured, not estimated.");
        return 0;
    }

    private static string Reasons<T>(IReadOnlyDictionary<string, T> byReason) where T : IFormattable =>
        byReason.Count == 0 ? "none" : string.Join(", ", byReason.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value.ToString(null, CultureInfo.InvariantCulture)}"));
}
