using System.CommandLine;
using System.Diagnostics;
using Appliance.Runs;

namespace Appliance.Cli;

/// <summary><c>appliance report --run ID -o FILE.pdf</c>: the capacity report of a stored run as a PDF.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var run = new Option<long?>("--run") { Description = "Run id (default: the newest finished run)" };
        var baseline = new Option<long?>("--baseline") { Description = "An earlier run to compare with" };
        var output = new Option<FileInfo>("--output", "-o") { Description = "PDF file to write", Required = true };
        var command = new Command("report", "Write the capacity report of a run as a PDF: host, stack, stages, scalability, 500k projection") { run, baseline, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await CliServices.OpenAsync(null, ct);
            var file = parse.GetValue(output)!;
            var seconds = await WriteAsync(services.Get<RunReport>(), parse.GetValue(run), parse.GetValue(baseline), file.FullName, ct);
            Console.WriteLine($"Wrote {file.FullName} ({new FileInfo(file.FullName).Length / 1024.0:N0} KB in {seconds:0.00} s)");
            return 0;
        });
        return command;
    }

    /// <summary>Writes to a temporary file first, so a failed report never leaves a half-written PDF behind.</summary>
    public static async Task<double> WriteAsync(RunReport report, long? runId, long? baselineId, string path, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var partial = path + ".partial";
        await using (var stream = File.Create(partial))
        {
            await report.WriteAsync(runId, baselineId, stream, ct);
        }

        File.Move(partial, path, overwrite: true);
        return clock.Elapsed.TotalSeconds;
    }
}
