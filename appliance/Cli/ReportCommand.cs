using System.CommandLine;
using Appliance.Runs;

namespace Appliance.Cli;

/// <summary><c>appliance report --run ID -o FILE.pdf</c>: the capacity report of a stored run as a PDF.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var run = new Option<long?>("--run") { Description = "Run id (default: the newest finished run)" };
        var baseline = new Option<long?>("--baseline") { Description = "An earlier run to compare with" };
        var output = CliOptions.Out<FileInfo?>("PDF file to write");
        var outDir = new Option<DirectoryInfo?>("--out-dir") { Description = "Write report-run-ID.pdf into this folder instead (the report timer does)" };
        var keep = new Option<int?>("--keep") { Description = "With --out-dir: keep only the newest N reports there" };
        var command = new Command("report", "Write the capacity report of a run as a PDF: host, stack, stages, scalability, 500k projection")
        {
            run, baseline, output, outDir, keep,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(output) is null) == (r.GetValue(outDir) is null))
            {
                r.AddError("give either -o FILE or --out-dir DIR");
            }

            if (r.GetValue(keep) is < 1)
            {
                r.AddError("--keep must be at least 1");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await ApplianceServices.OpenAsync(null, ct);
            var runId = parse.GetValue(run) ?? await services.Get<RunStore>().LatestAsync("run", ct);
            if (runId is null && parse.GetValue(outDir) is not null)
            {
                // The timer's daily job on a fresh install: nothing measured yet is not a failure.
                Console.WriteLine("No finished run is stored yet; no report written.");
                return 0;
            }

            if (runId is null)
            {
                throw new CliRefusedException("no finished run is stored yet: run `appliance run --lab-rows 5000` (or --file FILE) first");
            }

            var path = parse.GetValue(output)?.FullName
                ?? Path.Combine(parse.GetValue(outDir)!.FullName, ReportFolder.FileName(runId!.Value));
            var seconds = await WriteAsync(services.Get<RunReport>(), runId, parse.GetValue(baseline), path, ct);
            Console.WriteLine($"Wrote {path} ({new FileInfo(path).Length / 1024.0:N0} KB in {seconds:0.00} s)");
            if (parse.GetValue(outDir) is { } dir && parse.GetValue(keep) is { } n)
            {
                ReportFolder.Prune(dir.FullName, n);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Writes to a temporary file first, so a failed report never leaves a half-written PDF behind.</summary>
    public static Task<double> WriteAsync(RunReport report, long? runId, long? baselineId, string path, CancellationToken ct) =>
        ReportFolder.WriteAsync(report, runId, baselineId, path, ct);
}
