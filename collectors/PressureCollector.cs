namespace Appliance.Collectors;

/// <summary>
/// node_exporter's pressure collector: stall time waiting for CPU, memory and I/O. A kernel without
/// PSI (no <c>/proc/pressure</c>, or <c>psi=0</c>) is expected absence: nothing written, no failure.
/// </summary>
public sealed class PressureCollector(HostSources sources) : ICollector
{
    public string Name => "pressure";

    public void Collect(MetricWriter w)
    {
        if (!TryReadCpu(out var cpuText))
        {
            return;
        }

        var cpu = PressureTotals.Parse(cpuText);
        var io = PressureTotals.Parse(ProcFile.Read(sources.Proc("pressure/io")));
        var memory = PressureTotals.Parse(ProcFile.Read(sources.Proc("pressure/memory")));

        // node_exporter reports no cpu "full" line (newer kernels write one that is always zero at system level).
        w.Counter("node_pressure_cpu_waiting_seconds_total", "Total time in seconds that processes have waited for CPU time", cpu.SomeSeconds);
        w.Counter("node_pressure_io_waiting_seconds_total", "Total time in seconds that processes have waited due to IO congestion", io.SomeSeconds);
        w.Counter("node_pressure_io_stalled_seconds_total", "Total time in seconds no process could make progress due to IO congestion", io.FullSeconds ?? 0);
        w.Counter("node_pressure_memory_waiting_seconds_total", "Total time in seconds that processes have waited for memory", memory.SomeSeconds);
        w.Counter("node_pressure_memory_stalled_seconds_total", "Total time in seconds no process could make progress due to memory congestion", memory.FullSeconds ?? 0);
    }

    private bool TryReadCpu(out string text)
    {
        try
        {
            return ProcFile.TryRead(sources.Proc("pressure/cpu"), out text);
        }
        catch (IOException e) when (e.HResult == EOpNotSupp)
        {
            // Booted with psi=0: the files exist but refuse reads.
            text = "";
            return false;
        }
    }

    private const int EOpNotSupp = 95;
}
