namespace Appliance.Collectors;

/// <summary>One <c>/proc/meminfo</c> field under node_exporter's name, in bytes when the kernel gives kB.</summary>
public readonly record struct MemInfoField(string Name, double Value);

public static class MemInfo
{
    /// <summary>
    /// Parses every field. Names follow node_exporter: <c>Active(anon)</c> becomes <c>Active_anon</c>,
    /// kB fields gain <c>_bytes</c> and are multiplied by 1024, unitless counts (<c>HugePages_Total</c>) keep their name.
    /// </summary>
    public static List<MemInfoField> Parse(string text)
    {
        var fields = new List<MemInfoField>();
        foreach (var line in Numbers.Lines(text))
        {
            var f = Numbers.Fields(line);
            if (f.Length < 2 || !f[0].EndsWith(':'))
            {
                continue;
            }

            var key = f[0][..^1].Replace("(", "_", StringComparison.Ordinal).Replace(")", "", StringComparison.Ordinal);
            var value = Numbers.Double(f[1]);
            fields.Add(f.Length > 2 && f[2] == "kB" ? new MemInfoField(key + "_bytes", value * 1024) : new MemInfoField(key, value));
        }

        return fields;
    }
}
