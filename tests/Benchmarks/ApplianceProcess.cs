using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Appliance.Benchmarks;

/// <summary>Runs the real <c>appliance</c> CLI (the dll beside this benchmark) as a child process and reads its <c>--json</c> object.</summary>
public static class ApplianceProcess
{
    /// <param name="launcher">A command the child runs under (e.g. <c>taskset -c 0</c>: everything it starts inherits the CPU affinity); none by default.</param>
    /// <param name="started">Called with the child's pid as soon as it has started (e.g. to sample its CPU).</param>
    public static async Task<JsonObject> RunJsonAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken ct,
        IReadOnlyList<string>? launcher = null, Action<int>? started = null)
    {
        var start = new ProcessStartInfo(launcher is { Count: > 0 } ? launcher[0] : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in launcher?.Skip(1).Append("dotnet") ?? [])
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "appliance.dll"));
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        started?.Invoke(process.Id);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"appliance {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
        }

        return JsonNode.Parse(await stdout)!.AsObject();
    }
}
