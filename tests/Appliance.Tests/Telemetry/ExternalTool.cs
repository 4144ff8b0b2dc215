using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Appliance.Tests.Telemetry;

/// <summary>Debian's Prometheus tools, which scripts/test.sh installs; a test that needs one fails loudly without it.</summary>
public static class ExternalTool
{
    public static string Require(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException(
            $"{name} is not installed; scripts/test.sh installs it (apt-get install -y prometheus prometheus-node-exporter)");
    }

    /// <summary>Runs a tool with the given standard input; returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string path, string arguments, string stdin)
    {
        using var process = Process.Start(new ProcessStartInfo(path, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
