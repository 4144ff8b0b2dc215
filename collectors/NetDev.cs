namespace Appliance.Collectors;

/// <summary>One interface of <c>/proc/net/dev</c>: the 16 counters in the kernel's column order.</summary>
public sealed record NetDevLine(string Device, ulong[] Counters);

public static class NetDev
{
    /// <summary>node_exporter's statistic names for the 16 columns, receive first then transmit.</summary>
    public static readonly string[] CounterNames =
    [
        "receive_bytes", "receive_packets", "receive_errs", "receive_drop",
        "receive_fifo", "receive_frame", "receive_compressed", "receive_multicast",
        "transmit_bytes", "transmit_packets", "transmit_errs", "transmit_drop",
        "transmit_fifo", "transmit_colls", "transmit_carrier", "transmit_compressed",
    ];

    /// <summary>Parses the file after its two header lines; an interface name ends at the first colon.</summary>
    public static List<NetDevLine> Parse(string text)
    {
        var devices = new List<NetDevLine>();
        foreach (var line in Numbers.Lines(text).Skip(2))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var f = Numbers.Fields(line[(colon + 1)..]);
            if (f.Length < CounterNames.Length)
            {
                throw new FormatException($"/proc/net/dev line has {f.Length} counters: {line.Trim()}");
            }

            var counters = new ulong[CounterNames.Length];
            for (var i = 0; i < counters.Length; i++)
            {
                counters[i] = Numbers.ULong(f[i]);
            }

            devices.Add(new NetDevLine(line[..colon].Trim(), counters));
        }

        return devices;
    }
}
