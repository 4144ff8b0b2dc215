using System.Diagnostics;
using Appliance.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Appliance.Benchmarks;

/// <summary>
/// /metrics latency and CPU per scrape: the appliance's endpoint (all host series, this machine)
/// against Debian's node_exporter with the same collectors and with its defaults, scraped the same
/// way over loopback. CPU for node_exporter is its own process's; ours is this process's, which
/// also runs the HTTP client, so it is an upper bound (the client's own share is shown on the
/// node_exporter rows, measured the same way).
/// </summary>
public static class MetricsScrapeBenchmark
{
    public sealed record Result(string Target, int Scrapes, double P50Ms, double P99Ms, double ServerCpuMsPerScrape, double ClientCpuMsPerScrape, int Bytes);

    public static readonly string[] SameCollectors = ["cpu", "diskstats", "filesystem", "loadavg", "meminfo", "netdev", "pressure", "stat"];

    public static async Task<List<Result>> RunAsync(int scrapes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddTelemetry();
        await using var app = builder.Build();
        app.MapMetrics();
        await app.StartAsync();
        var ours = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

        using var client = new HttpClient();
        var results = new List<Result>();
        var (sameArgs, defaultArgs) = ("--collector.disable-defaults " + string.Join(' ', SameCollectors.Select(c => "--collector." + c)), "");
        using (var same = await StartNodeExporterAsync(sameArgs))
        using (var defaults = await StartNodeExporterAsync(defaultArgs))
        {
            var (sameUrl, samePid) = same.Value;
            var (defaultUrl, defaultPid) = defaults.Value;
            var clientOnly = await MeasureAsync(client, sameUrl, scrapes, () => CpuClock.Of(samePid.Id));
            var oursRun = await MeasureAsync(client, ours + "/metrics", scrapes, CpuClock.Self);
            var defaultRun = await MeasureAsync(client, defaultUrl, scrapes, () => CpuClock.Of(defaultPid.Id));

            results.Add(oursRun.ToResult("appliance /metrics (CPU: server and client together)", oursRun.SelfCpuMs, double.NaN));
            results.Add(clientOnly.ToResult("node_exporter 1.5, same 8 collectors", clientOnly.TargetCpuMs, clientOnly.SelfCpuMs));
            results.Add(defaultRun.ToResult("node_exporter 1.5, default collectors", defaultRun.TargetCpuMs, defaultRun.SelfCpuMs));
        }

        await app.StopAsync();
        return results;
    }

    private sealed record Run(int Scrapes, List<double> LatenciesMs, double SelfCpuMs, double TargetCpuMs, int Bytes)
    {
        public Result ToResult(string name, double serverCpuMs, double clientCpuMs)
        {
            LatenciesMs.Sort();
            return new Result(name, Scrapes, CpuClock.Percentile(LatenciesMs, 0.5), CpuClock.Percentile(LatenciesMs, 0.99), serverCpuMs, clientCpuMs, Bytes);
        }
    }

    private static async Task<Run> MeasureAsync(HttpClient client, string url, int scrapes, Func<double> targetCpu)
    {
        for (var i = 0; i < 50; i++)
        {
            await client.GetStringAsync(url);
        }

        var latencies = new List<double>(scrapes);
        var (self0, target0) = (CpuClock.Self(), targetCpu());
        var bytes = 0;
        for (var i = 0; i < scrapes; i++)
        {
            var start = Stopwatch.GetTimestamp();
            bytes = (await client.GetByteArrayAsync(url)).Length;
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return new Run(scrapes, latencies, (CpuClock.Self() - self0) * 1000 / scrapes, (targetCpu() - target0) * 1000 / scrapes, bytes);
    }

    private sealed class Exporter(string url, Process process) : IDisposable
    {
        public (string Url, Process Process) Value => (url, process);

        public void Dispose()
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
    }

    private static async Task<Exporter> StartNodeExporterAsync(string args)
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var process = Process.Start(new ProcessStartInfo("prometheus-node-exporter", $"--web.listen-address=127.0.0.1:{port} {args}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var exporter = new Exporter($"http://127.0.0.1:{port}/metrics", process);
        using var client = new HttpClient();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await client.GetStringAsync(exporter.Value.Url);
                return exporter;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(25);
            }
        }

        exporter.Dispose();
        throw new InvalidOperationException("prometheus-node-exporter did not answer; apt-get install -y prometheus-node-exporter");
    }
}
