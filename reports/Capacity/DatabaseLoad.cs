using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>The shared database's cumulative counters at one sample (pg_stat_database): backends, commits, rows written.</summary>
public sealed record DatabaseSample(double Seconds, long Connections, long Commits, long RowsWritten);

/// <summary>
/// What the pipeline asked of the shared database during a run: rows written and transactions committed per input
/// row while the stages worked (every node's writes, Hangfire's and the sample recorder's included, since the counters
/// are the database's), the connections a node held at the peak, and the most the database was seen to do in one
/// sample interval — a demonstrated rate, so a lower bound of what it can do.
/// </summary>
public sealed record DatabaseLoad(double RowsWrittenPerRow, double CommitsPerRow, double ConnectionsPerNode, double PeakRowsWrittenPerSecond, double PeakCommitsPerSecond)
{
    /// <summary>
    /// Per-row figures from the samples at or after <paramref name="fromSeconds"/> (the end of ingest: the stages' work,
    /// not the COPY), peaks over every interval; connections per node = the peak ÷ <paramref name="nodes"/>. Null with
    /// fewer than two samples in the window. A counter that went backwards (statistics reset) counts as no change.
    /// </summary>
    public static DatabaseLoad? Measure(IReadOnlyList<DatabaseSample> samples, double fromSeconds, long rows, int nodes)
    {
        var ordered = samples.OrderBy(s => s.Seconds).ToList();
        var window = ordered.Where(s => s.Seconds >= fromSeconds).ToList();
        if (window.Count < 2 || rows < 1)
        {
            return null;
        }

        double Sum(IReadOnlyList<DatabaseSample> list, Func<DatabaseSample, long> pick) =>
            list.Zip(list.Skip(1), (a, b) => (double)Math.Max(0, pick(b) - pick(a))).Sum();
        double Peak(Func<DatabaseSample, long> pick) =>
            ordered.Zip(ordered.Skip(1), (a, b) => b.Seconds > a.Seconds ? Math.Max(0, pick(b) - pick(a)) / (b.Seconds - a.Seconds) : 0).Max();

        return new DatabaseLoad(Sum(window, s => s.RowsWritten) / rows, Sum(window, s => s.Commits) / rows,
            (double)ordered.Max(s => s.Connections) / Math.Max(1, nodes), Peak(s => s.RowsWritten), Peak(s => s.Commits));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{RowsWrittenPerRow:0.##} rows written and {CommitsPerRow:0.##} commits a row, {ConnectionsPerNode:0.#} connections a node at the peak");
}

/// <summary>
/// The shared database's ceilings: rows written a second, commits a second, and the connections nodes may open
/// (<c>max_connections</c> less the superuser's reserve). Null where not known. <see cref="Basis"/> says where each figure
/// came from, because a ceiling the run never reached is an estimate.
/// </summary>
public sealed record DatabaseLimits(double? RowsWrittenPerSecond, double? CommitsPerSecond, int? Connections, string Basis);
