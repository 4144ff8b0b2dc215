namespace Appliance.Reports.Capacity;

/// <summary>
/// One stage in one sample interval (the sample recorder's 1 s rows): items completed during the interval ending at
/// <paramref name="Seconds"/>, the interval's length, the items in flight at its end, and the process's CPU in cores
/// (null when not measured).
/// </summary>
public readonly record struct StageSample(double Seconds, double IntervalSeconds, long Completed, double InFlight, double? CpuCores);
