namespace Appliance.Reports.Capacity;

/// <summary>One measured point of a concurrency sweep: items in flight and the steady throughput (items/s) seen there.</summary>
public sealed record ConcurrencyPoint(double Concurrency, double Throughput);
