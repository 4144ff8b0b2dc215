namespace Appliance.Collectors;

/// <summary>The CPU model and core counts from <c>/proc/cpuinfo</c> (x86 layout; other architectures may lack "model name").</summary>
public readonly record struct CpuInfo(string Model, int LogicalCpus, int PhysicalCores)
{
    public static CpuInfo Parse(string text)
    {
        string? model = null;
        var logical = 0;
        var cores = new HashSet<(string Package, string Core)>();
        string package = "0", core = "";
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "processor":
                    logical++;
                    break;
                case "model name":
                    model ??= value;
                    break;
                case "physical id":
                    package = value;
                    break;
                case "core id":
                    core = value;
                    cores.Add((package, core));
                    break;
            }
        }

        return new CpuInfo(model ?? "unknown", logical, cores.Count > 0 ? cores.Count : logical);
    }
}
