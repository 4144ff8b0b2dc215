namespace Appliance.Reports.Report;

/// <summary>
/// One node of the run: the rows it finished per stage and its rate over its own span (rows a minute between its first
/// and last), and its host figures over the samples it took during the run (each node records its own; none: null).
/// </summary>
public sealed record NodeResult(string Name, long Scraped, double ScrapeRowsPerMinute, long Generated, double GenerateRowsPerMinute)
{
    /// <summary>One-second samples the node took during the run.</summary>
    public int Samples { get; init; }

    /// <summary>Mean CPU of the node's appliance process, in cores.</summary>
    public double? ProcessCpuCores { get; init; }

    /// <summary>Mean one-minute load average of the node's host.</summary>
    public double? Load1 { get; init; }

    public long? PeakRssBytes { get; init; }
}
