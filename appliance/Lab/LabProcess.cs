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

    private LabProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

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
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (LlmLine().Match(line) is { Success: true } m)
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                    return new LabProcess(process, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
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
}
