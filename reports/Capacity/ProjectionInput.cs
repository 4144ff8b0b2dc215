namespace Appliance.Reports.Capacity;

/// <summary>
/// A measured run, what to change about it, and the concurrency sweeps (USL fits) that let a concurrency change
/// be priced. <see cref="RunToRunVariation"/> is the spread of a steady rate between runs of the same setup,
/// beyond what one run's bootstrap sees (lab network, PostgreSQL checkpoints); calibrate it from repeated runs.
/// </summary>
public sealed record ProjectionInput(RunMeasurements Run)
{
    public Scenario WhatIf { get; init; } = new();

    public UslModel? ScrapeUsl { get; init; }

    public UslModel? GenerateUsl { get; init; }

    public double RunToRunVariation { get; init; } = 0.05;

    /// <summary>How far the host's speed may move between the sample and the run, priced where the CPU shapes the bottleneck.</summary>
    public HostSpeedSpread HostSpeedSpread { get; init; } = HostSpeedSpread.SharedVm;
}
