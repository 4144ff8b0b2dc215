using System.Diagnostics;
using System.Text.Json.Nodes;
using Appliance.Tests.Support;

namespace Appliance.Tests.Api;

/// <summary>
/// <c>appliance demo</c>, the README's main job, as a real child process on the bundled PostgreSQL with the lab in its
/// own process: it must end with a PDF and print the run, the PDF's path and the projection. Small and without sweeps
/// here (the sweep has its own test); the client timeout is shortened so the lab's hanging sites cost seconds.
/// </summary>
public sealed class CliDemoTests
{
    [Fact]
    public async Task Demo_EndsWithAPdf_AndPrintsTheProjection()
    {
        using var state = new TempDirectory();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "appliance.dll"), "demo", "--rows", "300", "--sweep-seconds", "0", "--json" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["APPLIANCE_StateDirectory"] = state.Path;
        start.Environment["APPLIANCE_Scrape__RequestTimeoutMs"] = "3000";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await stderr);
        var result = JsonNode.Parse(await stdout)!.AsObject();
        var pdf = (string)result["pdf"]!;
        Assert.True(File.Exists(pdf), pdf);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(pdf), 0, 4));
        Assert.Equal(300, (long)result["run"]!["rows"]! + (long)result["run"]!["rejected"]!);
        Assert.Equal((long)result["run_id"]!, (long)result["projection"]!["run_id"]!);
        Assert.Equal(500_000, (long)result["projection"]!["rows"]!);
        var expected = (double)result["projection"]!["seconds_expected"]!;
        Assert.InRange(expected, (double)result["projection"]!["seconds_low"]!, (double)result["projection"]!["seconds_high"]!);
        Assert.Contains((string)result["projection"]!["bottleneck"]!, new[] { "scrape", "generate" });
    }
}
