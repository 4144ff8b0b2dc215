using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Lab;

/// <summary>
/// The lab (synthetic web and LLM) in a child <c>appliance lab serve</c> process, so that a measured run's
/// CPU and memory are the appliance's own and not the simulator's. Killed when disposed.
/// </summary>
public sealed partial class LabProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LabProcess(Process process, int port, int httpsPort, string dnsServer, string caFile, bool plainHttp)
    {
        _process = process;
        Port = port;
        HttpsPort = httpsPort;
        DnsServer = dnsServer;
        CaCertificateFile = caFile;
        PlainHttp = plainHttp;
    }

    public int Port { get; }

    public int HttpsPort { get; }

    /// <summary>The lab's DNS server, <c>127.0.0.1:port</c>.</summary>
    public string DnsServer { get; }

    /// <summary>The lab CA's PEM file.</summary>
    public string CaCertificateFile { get; }

    /// <summary>The lab was started with <c>--plain-http</c>: lead files should name sites by address over HTTP.</summary>
    public bool PlainHttp { get; }

    /// <summary>The configuration a scraper needs to reach this lab (its DNS server, its CA, loopback allowed).</summary>
    public IReadOnlyDictionary<string, string?> ScrapeSettings() => LabWeb.ScrapeSettings(DnsServer, CaCertificateFile, Port, HttpsPort);

    public string LlmBaseUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/v1");

    /// <param name="arguments">Extra <c>lab serve</c> options, e.g. <c>--llm-rpm 6000</c>.</param>
    public static async Task<LabProcess> StartAsync(IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = SelfCommand(["lab", "serve", "--port", "0", .. arguments]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start `appliance lab serve`");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            (int Https, string Dns, string Ca, bool Plain) seen = (0, "", "", false);
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (HttpsLine().Match(line) is { Success: true } h)
                {
                    seen.Https = int.Parse(h.Groups[1].Value, CultureInfo.InvariantCulture);
                }
                else if (DnsLine().Match(line) is { Success: true } d)
                {
                    seen.Dns = d.Groups[1].Value;
                }
                else if (CaLine().Match(line) is { Success: true } c)
                {
                    seen.Ca = c.Groups[1].Value.Trim();
                }
                else if (line.StartsWith("  leads:  plain http", StringComparison.Ordinal))
                {
                    seen.Plain = true;
                }
                else if (LlmLine().Match(line) is { Success: true } m)
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new LabProcess(process, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), seen.Https, seen.Dns, seen.Ca, seen.Plain);
                }
            }

            throw new InvalidOperationException($"`appliance lab serve` exited before listening: {await process.StandardError.ReadToEndAsync(ct)}");
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>This program again, whether it runs as an apphost or as <c>dotnet appliance.dll</c>.</summary>
    public static ProcessStartInfo SelfCommand(IEnumerable<string> arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var apphost = Path.GetFileNameWithoutExtension(host) == "appliance";
        var start = new ProcessStartInfo(apphost ? host : DotnetHost(host)) { UseShellExecute = false };
        if (!apphost)
        {
            start.ArgumentList.Add(typeof(LabProcess).Assembly.Location);
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        return start;
    }

    // Under a test host the running executable is not ours: start the assembly with the dotnet host.
    private static string DotnetHost(string current) =>
        Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();

        // Killed, the child never deletes the CA file it wrote to the temp directory (LabServer's own dispose does); every
        // run used to leave one behind. A file it was told to write elsewhere is not ours to delete.
        if (Path.GetDirectoryName(Path.GetFullPath(CaCertificateFile)) == Path.GetFullPath(Path.GetTempPath()).TrimEnd(Path.DirectorySeparatorChar)
            && Path.GetFileName(CaCertificateFile).StartsWith("appliance-lab-ca-", StringComparison.Ordinal))
        {
            try
            {
                File.Delete(CaCertificateFile);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    [GeneratedRegex(@"LLM:\s+http://127\.0\.0\.1:(\d+)/v1")]
    private static partial Regex LlmLine();

    [GeneratedRegex(@"^  https:\s+port (\d+)")]
    private static partial Regex HttpsLine();

    [GeneratedRegex(@"^  dns:\s+(127\.0\.0\.1:\d+)")]
    private static partial Regex DnsLine();

    [GeneratedRegex(@"^  CA:\s+(.+)$")]
    private static partial Regex CaLine();
}
