using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Appliance.Lab;
using Appliance.Security;

namespace Appliance.Benchmarks;

/// <summary>
/// Is the operator's page still quick while a big upload flows? The real daemon (<c>appliance serve</c>, a child process,
/// bundled PostgreSQL, an API key) and the lab (another child, default latency and faults) on loopback; this process acts
/// as the page (<see cref="PagePoller"/>) in three phases: idle with a small finished upload, while a 50,000-row lab
/// upload is ingested, scraped and generated, and idle again over that same finished upload.
/// </summary>
public static class WebLoadBenchmark
{
    public sealed record Settings(int Rows, int IdleSeconds, bool Json, FileInfo? JsonOut);

    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Lab leads in the upload that flows", DefaultValueFactory = _ => 50_000 };
        var idle = new Option<int>("--idle-seconds") { Description = "Length of each idle phase", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object instead of the table" };
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the figures to this file" };
        var command = new Command("web-load", "Latency of a page load and of the page's polling, idle and while a big upload flows") { rows, idle, json, jsonOut };
        command.SetAction((parse, ct) => RunAsync(new Settings(parse.GetValue(rows), parse.GetValue(idle), parse.GetValue(json), parse.GetValue(jsonOut)), ct));
        return command;
    }

    public static async Task<int> RunAsync(Settings settings, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), $"appliance-web-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var key = ApiKeys.NewKey();
        var report = new JsonObject { ["rows"] = settings.Rows, ["date"] = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture), ["nproc"] = Environment.ProcessorCount };
        try
        {
            await using var lab = await LabProcess.StartAsync([], ct);
            var small = WriteLeads(work, 200, lab.Port, firstSite: 900_000);
            var big = WriteLeads(work, settings.Rows, lab.Port, firstSite: 0);
            var port = FreePort();
            using var daemon = StartDaemon(work, port, key);
            try
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(120) };
                await WaitHealthyAsync(http, daemon, ct);
                var loads = new LoadSampler();

                // Idle: a small upload, through every stage, then the page over it (the first seconds warm the JIT up).
                var smallId = await UploadAsync(http, key, small, ct);
                await new PagePoller(http, key, smallId).RunAsync("warm-up", stopWhenComplete: true, ct);
                var before = await PhaseAsync(http, key, smallId, "idle, small finished upload", settings.IdleSeconds, loads, ct);

                // The upload flows: polled as the page polls it until every stage is through.
                var clock = Stopwatch.StartNew();
                var bigId = await UploadAsync(http, key, big, ct);
                var uploadSeconds = clock.Elapsed.TotalSeconds;
                loads.Start();
                var flowing = await new PagePoller(http, key, bigId).RunAsync($"while {settings.Rows:N0} rows flow", stopWhenComplete: true, ct);
                var flowSeconds = clock.Elapsed.TotalSeconds;
                var loadFlowing = await loads.StopAsync();

                var after = await PhaseAsync(http, key, bigId, $"idle, the {settings.Rows:N0}-row upload finished", settings.IdleSeconds, loads, ct);
                report["upload_post_seconds"] = Math.Round(uploadSeconds, 2);
                report["flow_seconds"] = Math.Round(flowSeconds, 1);
                report["load_average_while_flowing"] = loadFlowing;
                report["phases"] = new JsonArray(ToJson(before.Phase, before.Load), ToJson(flowing, loadFlowing), ToJson(after.Phase, after.Load));
                report["ratio_p95_flowing_to_idle_after"] = Ratios(flowing, after.Phase, s => s.P95);
                report["ratio_p50_flowing_to_idle_after"] = Ratios(flowing, after.Phase, s => s.P50);
                if (settings.Json)
                {
                    Console.WriteLine(report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                }
                else
                {
                    PrintTable(report, [before.Phase, flowing, after.Phase], [before.Load, loadFlowing, after.Load]);
                }

                if (settings.JsonOut is not null)
                {
                    await File.WriteAllTextAsync(settings.JsonOut.FullName, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
                }
            }
            finally
            {
                await StopAsync(daemon);
            }

            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<(PagePoller.Phase Phase, JsonObject Load)> PhaseAsync(
        HttpClient http, string key, long uploadId, string name, int seconds, LoadSampler loads, CancellationToken ct)
    {
        using var window = CancellationTokenSource.CreateLinkedTokenSource(ct);
        window.CancelAfter(TimeSpan.FromSeconds(seconds));
        loads.Start();
        var phase = await new PagePoller(http, key, uploadId).RunAsync(name, stopWhenComplete: false, window.Token);
        return (phase, await loads.StopAsync());
    }

    private static string WriteLeads(string folder, int rows, int port, int firstSite)
    {
        var path = Path.Combine(folder, $"leads-{rows}.csv");
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        LeadFileGenerator.Write(writer, rows, seed: 42, progress: null, withBadRows: true, port, sites: 0, firstSite);
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process StartDaemon(string work, int port, string key)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "appliance.dll"));
        start.ArgumentList.Add("serve");
        start.Environment["APPLIANCE_StateDirectory"] = Path.Combine(work, "state");
        start.Environment["APPLIANCE_Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["APPLIANCE_Api__KeyHashes__0"] = ApiKeys.Hash(key);
        start.Environment["APPLIANCE_Api__UploadsPerMinute"] = "0";
        start.Environment["APPLIANCE_Scrape__AllowedNetworks__0"] = "127.0.0.0/8";
        start.Environment["APPLIANCE_Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process daemon, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline && !daemon.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/healthz", ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500, ct);
        }

        throw new InvalidOperationException(daemon.HasExited ? $"appliance serve exited {daemon.ExitCode}" : "appliance serve did not answer /healthz in 3 minutes");
    }

    private static async Task<long> UploadAsync(HttpClient http, string key, string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        using var content = new MultipartFormDataContent { { new StreamContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "file", Path.GetFileName(path) } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(body).RootElement.GetProperty("upload_id").GetInt64()
            : throw new InvalidOperationException($"upload: {(int)response.StatusCode} {body}");
    }

    // SIGTERM, as systemd stops it, so the daemon stops its bundled PostgreSQL.
    private static async Task StopAsync(Process daemon)
    {
        if (daemon.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await daemon.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            daemon.Kill(entireProcessTree: true);
        }
    }

    private static JsonObject Ratios(PagePoller.Phase load, PagePoller.Phase idle, Func<PagePoller.Stats, double> figure) =>
        new(load.Endpoints.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)Math.Round(figure(e.Value) / figure(idle.Endpoints[e.Key]), 2))));

    private static JsonObject ToJson(PagePoller.Phase phase, JsonObject load) => new()
    {
        ["name"] = phase.Name,
        ["seconds"] = Math.Round(phase.Seconds, 1),
        ["errors"] = phase.Errors,
        ["load_average"] = load.DeepClone(),
        ["endpoints"] = JsonSerializer.SerializeToNode(phase.Endpoints, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }),
    };

    private static void PrintTable(JsonObject report, PagePoller.Phase[] phases, JsonObject[] loads)
    {
        Console.WriteLine($"{report["rows"]} lab rows flowed in {report["flow_seconds"]} s (upload POST {report["upload_post_seconds"]} s); {Environment.ProcessorCount} cores");
        Console.WriteLine();
        Console.WriteLine($"| phase | load1 mean (max) | what | count | p50 ms | p95 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
        for (var i = 0; i < phases.Length; i++)
        {
            foreach (var (what, s) in phases[i].Endpoints)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {phases[i].Name} | {loads[i]["mean"]} ({loads[i]["max"]}) | {PagePoller.Described[what]} | {s.Count} | {s.P50:0.0} | {s.P95:0.0} | {s.P99:0.0} | {s.Max:0.0} |"));
            }
        }

        Console.WriteLine();
        foreach (var what in phases[1].Endpoints.Keys)
        {
            Console.WriteLine($"{PagePoller.Described[what]}: flowing / idle after = {report["ratio_p50_flowing_to_idle_after"]![what]} at p50, {report["ratio_p95_flowing_to_idle_after"]![what]} at p95");
        }

        Console.WriteLine($"errors: {string.Join(", ", phases.Select(p => $"{p.Name} {p.Errors}"))}");
    }

    /// <summary>The 1-minute load average from /proc/loadavg every 5 s while a phase runs: its mean and max.</summary>
    private sealed class LoadSampler
    {
        private CancellationTokenSource? _stop;
        private Task<List<double>>? _samples;

        public void Start()
        {
            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            _samples = Task.Run(async () =>
            {
                var samples = new List<double> { Read() };
                try
                {
                    while (true)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(5), token);
                        samples.Add(Read());
                    }
                }
                catch (OperationCanceledException)
                {
                    samples.Add(Read());
                    return samples;
                }
            });
        }

        public async Task<JsonObject> StopAsync()
        {
            await _stop!.CancelAsync();
            var samples = await _samples!;
            _stop.Dispose();
            return new JsonObject { ["mean"] = Math.Round(samples.Average(), 2), ["max"] = Math.Round(samples.Max(), 2), ["samples"] = samples.Count };
        }

        private static double Read() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
