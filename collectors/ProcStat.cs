namespace Appliance.Collectors;

/// <summary>CPU time of one CPU from a <c>cpuN</c> line of <c>/proc/stat</c>, in seconds (USER_HZ is 100).</summary>
public readonly record struct CpuTimes(
    string Cpu, double User, double Nice, double System, double Idle, double IoWait,
    double Irq, double SoftIrq, double Steal, double Guest, double GuestNice);

/// <summary><c>/proc/stat</c>: per-CPU times and the system-wide counters node_exporter's stat collector reports.</summary>
public sealed record ProcStat(
    IReadOnlyList<CpuTimes> Cpus, double ContextSwitches, double BootTime, double Interrupts,
    double Forks, double ProcsRunning, double ProcsBlocked)
{
    /// <summary>The kernel's fixed user-visible clock tick (sysconf(_SC_CLK_TCK) on every Linux port).</summary>
    public const double UserHz = 100;

    public static ProcStat Parse(string text)
    {
        var cpus = new List<CpuTimes>();
        double ctxt = 0, btime = 0, intr = 0, forks = 0, running = 0, blocked = 0;
        foreach (var line in Numbers.Lines(text))
        {
            var f = Numbers.Fields(line);
            if (f.Length < 2)
            {
                continue;
            }

            switch (f[0])
            {
                case "cpu":
                    break;
                case var name when name.StartsWith("cpu", StringComparison.Ordinal):
                    cpus.Add(ParseCpu(name[3..], f));
                    break;
                case "ctxt":
                    ctxt = Numbers.Double(f[1]);
                    break;
                case "btime":
                    btime = Numbers.Double(f[1]);
                    break;
                case "intr":
                    intr = Numbers.Double(f[1]);
                    break;
                case "processes":
                    forks = Numbers.Double(f[1]);
                    break;
                case "procs_running":
                    running = Numbers.Double(f[1]);
                    break;
                case "procs_blocked":
                    blocked = Numbers.Double(f[1]);
                    break;
            }
        }

        return new ProcStat(cpus, ctxt, btime, intr, forks, running, blocked);
    }

    private static CpuTimes ParseCpu(string id, string[] f)
    {
        // Older kernels stop after fewer columns; missing ones read as zero, as in prometheus/procfs.
        double At(int i) => i < f.Length ? Numbers.Double(f[i]) / UserHz : 0;
        return new CpuTimes(id, At(1), At(2), At(3), At(4), At(5), At(6), At(7), At(8), At(9), At(10));
    }
}
