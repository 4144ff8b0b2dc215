using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>
/// How much more (<see cref="Slower"/>) or less (<see cref="Faster"/>) CPU the same row may cost in the projected run
/// than the sample read — the 90% range of that ratio, as a share: 0.25 is a quarter more. A host's speed moves between
/// a sample and a run minutes later (on a shared VM the same work costs more CPU while a neighbour is busy, and a short
/// sample reads a stretch of it), which no sample can foresee; <see cref="OperationalProjector"/> moves the bottleneck's
/// capacity by what this moves where the CPU shapes it, and by nothing where it does not (slots over a network's fixed
/// latency, an LLM's rate limit). <see cref="Basis"/> says where the range comes from.
/// </summary>
public sealed record HostSpeedSpread(double Slower, double Faster, string Basis)
{
    /// <summary>
    /// Measured on the project's lab host (a 2-core shared VM): the host's CPU a row in every recorded large run against
    /// its sample's, before the fresh mixes that checked it (docs/benchmarks.md, "The host's speed in the interval").
    /// </summary>
    public static HostSpeedSpread SharedVm { get; } = new(0.43, 0.15, "the 90 % range of the CPU a row in 58 recorded runs against their samples' on a 2-core shared VM");

    /// <summary>No spread: the interval as if the host ran every row at the sample's speed.</summary>
    public static HostSpeedSpread None { get; } = new(0, 0, "none");

    /// <summary>
    /// <c>SLOWER[,FASTER]</c> in percent (<c>appliance project --host-spread 10,5</c>; one figure for both sides, <c>0</c> for
    /// a host that holds its speed); a <see cref="FormatException"/> says what is wrong.
    /// </summary>
    public static HostSpeedSpread Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2)
        {
            throw new FormatException($"'{text}' is not SLOWER[,FASTER] in percent");
        }

        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]) || values[i] < 0)
            {
                throw new FormatException($"'{parts[i]}' is not a percentage of zero or more");
            }
        }

        var (slower, faster) = (values[0], values.Length > 1 ? values[1] : values[0]);
        if (slower > 400 || faster >= 100)
        {
            throw new FormatException($"'{text}': the slower side is at most 400 % and the faster below 100 % (a row cannot cost no CPU)");
        }

        return new HostSpeedSpread(slower / 100, faster / 100, string.Create(CultureInfo.InvariantCulture, $"+{slower:0.#} % / −{faster:0.#} % as given"));
    }
}
