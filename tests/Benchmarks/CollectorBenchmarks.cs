using Appliance.Collectors;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks;

/// <summary>One full collection cycle of every host collector over this machine's real /proc and /sys.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class CollectorBenchmarks
{
    private readonly HostCollection _collection = new(HostCollectors.Create(new HostSources()));

    [Benchmark]
    public int CollectionCycle() => _collection.Collect().Families.Count;
}
