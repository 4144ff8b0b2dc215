using System.Diagnostics;

namespace Appliance.Tests.Telemetry;

/// <summary>
/// Debian's prometheus-node-exporter as a child process on a free loopback port, limited to the
/// collectors the appliance implements, so both exporters read the same kernel interfaces.
/// </summary>
public sealed class NodeExporterProcess : IAsyncDisposable
{
    public static readonly string[] Collectors = ["cpu", "diskstats", "filesystem", "loadavg", "meminfo", "netdev", "pressure", "stat"];

    private readonly Process _process;

    private NodeExporterProcess(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public static async Task<NodeExporterProcess> StartAsync()
    {
        var binary = ExternalTool.Require("prometheus-node-exporter");
        var port = ExternalTool.FreeLoopbackPort();
        var args = $"--web.listen-address=127.0.0.1:{port} --collector.disable-defaults " +
                   string.Join(' ', Collectors.Select(c => "--collector." + c));
        var process = Process.Start(new ProcessStartInfo(binary, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        var exporter = new NodeExporterProcess(process, client);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.GetStringAsync("/metrics");
                return exporter;
            }
            catch (HttpRequestException) when (attempt < 200 && !process.HasExited)
            {
                await Task.Delay(25);
            }
            catch
            {
                await exporter.DisposeAsync();
                throw;
            }
        }
    }

    public Task<string> ScrapeAsync() => Client.GetStringAsync("/metrics");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
