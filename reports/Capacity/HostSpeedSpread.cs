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
}
