using System.Diagnostics;
using System.Globalization;
using Appliance.Collectors;

namespace Appliance.Benchmarks;

/// <summary>
/// Where a benchmarked <c>appliance run</c> child's host CPU goes, read from /proc once a second while it runs: the
/// appliance child itself, its <c>appliance lab serve</c> child (the lab), the benchmark's PostgreSQL (the postmaster and
/// every process under it: backends, autovacuum, checkpointer, walwriter) and the rest of the host (/proc/stat's busy time
/// less those three; this sampler and the benchmark itself are in it). Also each part's resident memory, the host's steal
/// time, and how fast the host's CPU was (<see cref="HostSpeedProbe"/>).
/// </summary>
/// <remarks>
/// A group's CPU is the sum over its live processes of their own ticks and their reaped children's, so a backend that exits
/// between two readings still counts: its whole CPU moves into the postmaster's children's ticks when the postmaster reaps
/// it. The appliance's own figure leaves out its children's ticks: the lab it reaps at the end is the lab's.
/// The last part-second before the child exits is not read (the child's /proc entry is gone by then).
/// </remarks>
public sealed class ProcessCpuSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly int appliancePid;
    private readonly int? postmasterPid;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource stop = new();
    private readonly List<ProcessCpuReading> readings = [];
    private readonly Task loop;
    private int? labPid;

    private ProcessCpuSampler(int appliancePid, int? postmasterPid)
    {
        this.appliancePid = appliancePid;
        this.postmasterPid = postmasterPid;
        loop = Task.Run(LoopAsync);
    }

    /// <summary>Starts reading at once; <paramref name="postmasterPid"/> null: no PostgreSQL of ours to follow.</summary>
    public static ProcessCpuSampler Start(int appliancePid, int? postmasterPid) => new(appliancePid, postmasterPid);

    /// <summary>The postmaster's pid from a cluster's data directory (the first line of <c>postmaster.pid</c>).</summary>
    public static int? PostmasterPid(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "postmaster.pid");
        return File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>Seconds since the sampler started, on the clock of its readings.</summary>
    public double Elapsed => clock.Elapsed.TotalSeconds;

    /// <summary>Stops reading and returns the 1 s readings, oldest first (those read so far if reading failed: a pair is not lost to it).</summary>
    public async Task<IReadOnlyList<ProcessCpuReading>> StopAsync()
    {
        await stop.CancelAsync();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or OverflowException)
        {
            Console.WriteLine($"WARNING: reading CPU by process stopped after {readings.Count} s: {e.Message}");
        }

        return readings;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var previous = Take();
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var now = Take();
                if (now.Appliance is null)
                {
                    return; // the child has exited: a reading now would put its last CPU under "other"
                }

                readings.Add(ProcessCpuReading.Between(previous, now));
                previous = now;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private ProcessCpuSnapshot Take()
    {
        var seconds = clock.Elapsed.TotalSeconds;
        var cpus = ProcStat.Parse(File.ReadAllText("/proc/stat")).Cpus;
        var busy = cpus.Sum(c => c.User + c.Nice + c.System + c.Irq + c.SoftIrq + c.Steal);
        var probe = HostSpeedProbe.Measure();
        var all = ReadAll();
        labPid ??= all.Where(p => p.Value.ParentPid == appliancePid && IsLab(p.Key)).Select(p => (int?)p.Key).FirstOrDefault();
        var postgres = postmasterPid is { } root && all.ContainsKey(root) ? ProcessTree.WithDescendants(all, root) : [];
        var lab = labPid is { } l && all.ContainsKey(l) ? ProcessTree.WithDescendants(all, l) : [];
        return new ProcessCpuSnapshot(
            seconds, busy,
            all.TryGetValue(appliancePid, out var self) ? (self.UserTicks + self.SystemTicks) / ProcStat.UserHz : null,
            ProcessTree.GroupSeconds(all, lab), ProcessTree.GroupSeconds(all, postgres),
            Rss.Of(appliancePid)?.Total ?? 0, lab.Sum(pid => Rss.Of(pid)?.Total ?? 0), Rss.SharedOnce(postgres.Select(Rss.Of)), cpus.Sum(c => c.Steal), probe);
    }

    private static Dictionary<int, ProcessStat> ReadAll()
    {
        var all = new Dictionary<int, ProcessStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && TryRead(Path.Combine(dir, "stat"), out var text))
            {
                all[pid] = ProcessStat.Parse(text);
            }
        }

        return all;
    }

    /// <summary><c>appliance lab serve</c>: "lab" then "serve" among its arguments (NUL-separated in /proc/PID/cmdline).</summary>
    private static bool IsLab(int pid) =>
        TryRead($"/proc/{pid}/cmdline", out var cmdline) && cmdline.Split('\0') is var args
        && args.Zip(args.Skip(1)).Any(pair => pair is ("lab", "serve"));

    private static bool TryRead(string path, out string text)
    {
        try
        {
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = ""; // the process exited between the listing and the read
            return false;
        }
    }

    /// <summary>Resident memory from /proc/PID/status, in bytes.</summary>
    private sealed record Rss(long Anonymous, long File, long Shared)
    {
        public long Total => Anonymous + File + Shared;

        public static Rss? Of(int pid)
        {
            if (!TryRead($"/proc/{pid}/status", out var status))
            {
                return null;
            }

            long Field(string name) => status.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line
                ? long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024 : 0;
            return new Rss(Field("RssAnon:"), Field("RssFile:"), Field("RssShmem:"));
        }

        /// <summary>
        /// PostgreSQL's processes map the same shared buffers and binary: each one's private memory, plus the shared and file
        /// pages once (the largest any one process has touched), rather than the sum that counts shared buffers per backend.
        /// </summary>
        public static long SharedOnce(IEnumerable<Rss?> members)
        {
            var known = members.OfType<Rss>().ToList();
            return known.Sum(r => r.Anonymous) + known.Select(r => r.File + r.Shared).DefaultIfEmpty(0).Max();
        }
    }
}
