namespace Appliance.Collectors;

/// <summary>
/// One <c>/proc/pressure/*</c> file (Documentation/accounting/psi.rst): total stall time of the
/// <c>some</c> and <c>full</c> lines, in seconds. <c>full</c> is null where the kernel has none.
/// </summary>
public readonly record struct PressureTotals(double SomeSeconds, double? FullSeconds)
{
    public static PressureTotals Parse(string text)
    {
        double? some = null, full = null;
        foreach (var line in Numbers.Lines(text))
        {
            var total = line.IndexOf("total=", StringComparison.Ordinal);
            if (total < 0)
            {
                continue;
            }

            // The kernel reports microseconds.
            var seconds = Numbers.ULong(line.AsSpan(total + "total=".Length).Trim()) / 1e6;
            if (line.StartsWith("some", StringComparison.Ordinal))
            {
                some = seconds;
            }
            else if (line.StartsWith("full", StringComparison.Ordinal))
            {
                full = seconds;
            }
        }

        return new PressureTotals(some ?? throw new FormatException("pressure file has no 'some' line"), full);
    }
}
