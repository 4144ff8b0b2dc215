using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Runs;

/// <summary>A capacity report kept in a folder: the run it reports, its file name, size and when it was written.</summary>
public sealed record StoredReport(long RunId, string File, long Bytes, DateTime WrittenAt);

/// <summary>
/// A folder of capacity reports named <c>report-run-ID.pdf</c>, the newest N kept: the shape
/// <c>appliance report --out-dir DIR --keep N</c> writes (the daily timer, into the state directory's <c>reports</c>)
/// and the web page's "Generate report" writes, so both list and serve the same files.
/// </summary>
public static partial class ReportFolder
{
    /// <summary>How many reports the daemon keeps when the page generates one: what the report timer keeps (<c>--keep 14</c>).</summary>
    public const int DaemonKeep = 14;

    public static string FileName(long runId) => string.Create(CultureInfo.InvariantCulture, $"report-run-{runId}.pdf");

    /// <summary>The full path of <paramref name="file"/> in <paramref name="folder"/> when it is a report's name; never a path outside it.</summary>
    public static bool TryResolve(string folder, string file, out string path)
    {
        path = Path.Combine(folder, file);
        return ReportName().IsMatch(file) && File.Exists(path);
    }

    /// <summary>The reports in <paramref name="folder"/>, newest first; none when it does not exist yet.</summary>
    public static IReadOnlyList<StoredReport> List(string folder) =>
        !Directory.Exists(folder) ? [] :
        [.. new DirectoryInfo(folder).GetFiles("report-run-*.pdf")
            .Select(f => (File: f, Match: ReportName().Match(f.Name)))
            .Where(x => x.Match.Success)
            .OrderByDescending(x => x.File.LastWriteTimeUtc)
            .Select(x => new StoredReport(long.Parse(x.Match.Groups[1].Value, CultureInfo.InvariantCulture), x.File.Name, x.File.Length, x.File.LastWriteTimeUtc))];

    /// <summary>Deletes all but the newest <paramref name="keep"/> reports.</summary>
    public static void Prune(string folder, int keep)
    {
        foreach (var old in new DirectoryInfo(folder).GetFiles("report-run-*.pdf").OrderByDescending(f => f.LastWriteTimeUtc).Skip(keep))
        {
            old.Delete();
        }
    }

    /// <summary>
    /// Writes the report to a temporary file beside <paramref name="path"/> first (its own name, so two renders of one
    /// run never share it), so a failed report never leaves a half-written PDF behind. Returns the seconds it took.
    /// </summary>
    public static async Task<double> WriteAsync(RunReport report, long? runId, long? baselineId, string path, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var stream = File.Create(partial))
            {
                await report.WriteAsync(runId, baselineId, stream, ct);
            }

            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        return clock.Elapsed.TotalSeconds;
    }

    [GeneratedRegex(@"^report-run-(\d{1,18})\.pdf$")]
    private static partial Regex ReportName();
}
