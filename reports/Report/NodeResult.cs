namespace Appliance.Reports.Report;

/// <summary>
/// One node of the run: the rows it finished per stage and its rate over its own span (rows a minute between its first
/// and last). Its host figures come from the samples that name it (<see cref="TelemetrySample.Node"/>).
/// </summary>
public sealed record NodeResult(string Name, long Scraped, double ScrapeRowsPerMinute, long Generated, double GenerateRowsPerMinute);

/// <summary>The capacity model's projection on 1…K nodes sharing the database and queues (reports/Capacity/NodeScaling).</summary>
public sealed record NodeScalingProjection(long Rows, IReadOnlyList<NodeCountProjection> ByNodes, int UsefulNodes, string Reason, IReadOnlyList<string> Basis);

public sealed record NodeCountProjection(int Nodes, double Seconds, double RowsPerSecond, string Limit, bool Fits);
