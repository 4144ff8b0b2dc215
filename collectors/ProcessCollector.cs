namespace Appliance.Collectors;

/// <summary>
/// The appliance's own process, under the Prometheus client libraries' standard <c>process_*</c>
/// names: CPU seconds, resident and virtual memory, threads, open and maximum file descriptors, start time.
/// </summary>
public sealed class ProcessCollector(HostSources sources) : ICollector
{
    private double? _startTime;

    public string Name => "process";

    public void Collect(MetricWriter w)
    {
        var stat = ProcessStat.Parse(ProcFile.Read(sources.Proc("self/stat")));
        // The start time never changes; reading /proc/stat for boot time once keeps the cycle cheap.
        _startTime ??= ProcStat.Parse(ProcFile.Read(sources.Proc("stat"))).BootTime + stat.StartTicks / ProcStat.UserHz;
        var openFds = DirectoryEntries.Count(sources.Proc("self/fd"));

        w.Counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", (stat.UserTicks + stat.SystemTicks) / ProcStat.UserHz);
        w.Gauge("process_resident_memory_bytes", "Resident memory size in bytes.", (double)stat.RssPages * sources.PageSize);
        w.Gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", stat.VirtualBytes);
        w.Gauge("process_threads", "Number of OS threads in the process.", stat.Threads);
        w.Gauge("process_open_fds", "Number of open file descriptors.", openFds);
        if (ProcFile.TryRead(sources.Proc("self/limits"), out var limits) && ProcessStat.ParseMaxOpenFiles(limits) is { } max)
        {
            w.Gauge("process_max_fds", "Maximum number of open file descriptors.", max);
        }

        w.Gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", _startTime.Value);
    }
}
