using System.CommandLine;
using System.Text;
using Appliance.Lab;

namespace Appliance.Cli;

/// <summary><c>appliance lab ...</c>: the synthetic web and synthetic inputs for the demo, tests and benchmarks.</summary>
public static class LabCommand
{
    public static Command Create() => new("lab", "The lab: a synthetic web on loopback and synthetic leads for demos, tests and benchmarks") { Leads(), Serve() };

    private static Command Leads()
    {
        var rows = new Option<int>("--rows") { Description = "Number of lead rows", DefaultValueFactory = _ => 10_000 };
        var output = CliOptions.Out<FileInfo>("CSV file to write", required: true);
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same file (use the lab's seed)", DefaultValueFactory = _ => 42 };
        var port = new Option<int>("--port") { Description = "Port of the lab web the rows point at", DefaultValueFactory = _ => LabOptions.DefaultPort };
        var sites = new Option<int>("--sites") { Description = "Distinct lab sites the rows point at (default rows × 3/4)" };
        var clean = new Option<bool>("--clean") { Description = "Write no broken rows (a file psql \\copy accepts, for benchmarks)" };
        var leads = new Command("leads", "Write a synthetic leads CSV pointing at lab sites") { rows, output, seed, port, sites, clean };
        leads.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(output)!;
            var n = parse.GetValue(rows);
            await CliConsole.WithProgressAsync($"Writing {Plural.Of(n, "lead")}", p =>
            {
                WriteLeads(file.FullName, n, parse.GetValue(seed), p, withBadRows: !parse.GetValue(clean), parse.GetValue(port), parse.GetValue(sites));
                return Task.FromResult(0);
            });
            Console.WriteLine($"Wrote {Plural.Of(n, "lead")} to {file.FullName} ({new FileInfo(file.FullName).Length / 1e6:0.0} MB)");
            return 0;
        });
        return leads;
    }

    private static Command Serve()
    {
        var port = new Option<int?>("--port") { Description = $"Port on every 127.x.y.z (default {LabOptions.DefaultPort}, key Lab:Port; 0 = any free port)" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the sites' content and faults (default 42, key Lab:Seed)" };
        var median = new Option<double?>("--latency-median-ms") { Description = "Median added latency per request; 0 adds none (default 250)" };
        var p95 = new Option<double?>("--latency-p95-ms") { Description = "95th percentile of the added latency (default 1500)" };
        var noFaults = new Option<bool>("--no-faults") { Description = "Every site healthy: 200 HTML, robots.txt allows all" };
        var rpm = new Option<int?>("--llm-rpm") { Description = "Lab LLM requests per minute; 0 = no limit (default 0, key Lab:Llm:RequestsPerMinute)" };
        var tpm = new Option<int?>("--llm-tpm") { Description = "Lab LLM tokens per minute; 0 = no limit (default 0, key Lab:Llm:TokensPerMinute)" };
        var ttft = new Option<double?>("--llm-ttft-ms") { Description = "Lab LLM time to first token (default 300)" };
        var speed = new Option<double?>("--llm-tokens-per-second") { Description = "Lab LLM output tokens per second per request (default 50)" };
        var length = new Option<int?>("--llm-output-tokens") { Description = "Lab LLM typical completion length in tokens (default 120)" };
        var serve = new Command("serve", "Serve the lab web and the lab LLM in the foreground until Ctrl-C") { port, seed, median, p95, noFaults, rpm, tpm, ttft, speed, length };
        serve.SetAction(async (parse, ct) =>
        {
            var options = ApplianceConfiguration.Load().GetSection(LabOptions.Section).Get<LabOptions>() ?? new LabOptions();
            options.Port = parse.GetValue(port) ?? options.Port;
            options.Seed = parse.GetValue(seed) ?? options.Seed;
            options.LatencyMedianMs = parse.GetValue(median) ?? options.LatencyMedianMs;
            options.LatencyP95Ms = parse.GetValue(p95) ?? options.LatencyP95Ms;
            options.Faults &= !parse.GetValue(noFaults);
            options.Llm.RequestsPerMinute = parse.GetValue(rpm) ?? options.Llm.RequestsPerMinute;
            options.Llm.TokensPerMinute = parse.GetValue(tpm) ?? options.Llm.TokensPerMinute;
            options.Llm.TimeToFirstTokenMs = parse.GetValue(ttft) ?? options.Llm.TimeToFirstTokenMs;
            options.Llm.TokensPerSecond = parse.GetValue(speed) ?? options.Llm.TokensPerSecond;
            options.Llm.OutputTokens = parse.GetValue(length) ?? options.Llm.OutputTokens;
            await using var lab = await LabServer.StartAsync(options, ct);
            Console.WriteLine($"Lab web (seed {options.Seed}, latency median {options.LatencyMedianMs} ms / p95 {options.LatencyP95Ms} ms, faults {(options.Faults ? "on" : "off")})");
            Console.WriteLine($"  site 0: {lab.SiteUrl(0)}");
            Console.WriteLine($"  truth:  {lab.TruthUrl(0)}");
            var llm = options.Llm;
            Console.WriteLine($"  LLM:    {lab.LlmBaseUrl} (model {LabLlmOptions.Model}, first token {llm.TimeToFirstTokenMs} ms, {llm.TokensPerSecond} tokens/s, ~{llm.OutputTokens} tokens, "
                + $"limits {(llm.RequestsPerMinute > 0 ? $"{llm.RequestsPerMinute} req/min" : "no req/min")} / {(llm.TokensPerMinute > 0 ? $"{llm.TokensPerMinute} tokens/min" : "no tokens/min")})");
            Console.WriteLine("Ctrl-C stops it.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        });
        return serve;
    }

    public static void WriteLeads(string path, int rows, int seed, IProgress<double>? progress = null, bool withBadRows = true, int port = LabOptions.DefaultPort, int sites = 0)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        LeadFileGenerator.Write(writer, rows, seed, progress, withBadRows, port, sites);
    }
}
