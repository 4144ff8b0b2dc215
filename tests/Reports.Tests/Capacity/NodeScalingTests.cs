using Appliance.Reports.Capacity;

namespace Appliance.Reports.Tests.Capacity;

public class NodeScalingTests
{
    // A hand-made 1,000-row run on one node: ingest 1 s, scrape 100 rows/s, generate 50 messages/s, fully overlapped,
    // 30 s wall. Generate is the bottleneck (20 s steady), its window opens at 5 s: fill 4 s, drain 30 − 1 − 20 − 4 = 5 s.
    // For 100,000 rows: ingest 100 s, scrape 1,000 s, generate 2,000 s per node; fixed terms 100 + 4 + 5 = 109 s.
    private static readonly ProjectionInput Input = new(new RunMeasurements(1_000, 30, 1,
        new StageMeasurement("scrape", new RateEstimate(100, 100, 100, 2, 9, 8), 64),
        new StageMeasurement("generate", new RateEstimate(50, 50, 50, 5, 21, 17), 16),
        new ScrapeMix(1, 1_000, 0.001, new FailureMix(0.5, 0, 0, 0, 0)), new HostLimits(4, 0), 6))
    {
        RunToRunVariation = 0,
    };

    private static readonly DatabaseLimits NoCeiling = new(null, null, null, "none given");

    [Fact]
    public void OneNode_IsTheProjectorsOwnFigure_AndNodesDivideTheBottleneck()
    {
        var result = NodeScaling.Project(Input, 100_000, null, NoCeiling, maxNodes: 4);

        Assert.Equal(CapacityProjector.Project(Input, 100_000).SecondsExpected, result.At(1).Seconds, 6);
        Assert.Equal(109 + 2_000, result.At(1).Seconds, 6);
        Assert.Equal(109 + 1_000, result.At(2).Seconds, 6);
        Assert.Equal(109 + 500, result.At(4).Seconds, 6);
        Assert.Equal(100_000 / 609.0, result.At(4).RowsPerSecond, 6);
        Assert.StartsWith("generate on each node", result.At(4).Limit);
        Assert.Equal(4, result.UsefulNodes); // still gaining ≥ 5% at the last one asked for
    }

    [Fact]
    public void TheDatabasesRowsPerSecond_StopsTheGain()
    {
        // 5 rows written a row at 1,000 rows/s: 100,000 rows need 500 s of the database whatever K is. Generate alone
        // would take 2,000/K s: 666.7 s on 3 nodes, 500 s on 4, 400 s on 5 — where the database's 500 s takes over.
        var load = new DatabaseLoad(5, 2, 10, 1_000, 300);
        var result = NodeScaling.Project(Input, 100_000, load, new DatabaseLimits(1_000, null, null, "given"), maxNodes: 8);

        Assert.Equal(109 + 2_000 / 3.0, result.At(3).Seconds, 6);
        Assert.Equal(609, result.At(4).Seconds, 6);
        Assert.Equal(609, result.At(5).Seconds, 6);
        Assert.StartsWith("database rows written: 5 a row at 1,000/s", result.At(5).Limit);
        Assert.Equal(4, result.UsefulNodes);
        Assert.Contains("stops helping past 4", result.Reason);
    }

    [Fact]
    public void TheLlmLimit_IsSharedByAllNodes()
    {
        // 6,000 requests/min at the pacer's 99%: 99 messages/s for the whole cluster. Two nodes would do 100/s, so from
        // two nodes on generate runs at 99/s: 100,000 ÷ 99 = 1,010.1 s, and a third node changes nothing.
        var input = Input with { WhatIf = new Scenario { Llm = new LlmLimits(6_000, 0, 500) } };

        var result = NodeScaling.Project(input, 100_000, null, NoCeiling, maxNodes: 6);

        Assert.Equal(109 + 2_000, result.At(1).Seconds, 6);
        Assert.Equal(109 + 100_000 / 99.0, result.At(2).Seconds, 6);
        Assert.Equal(result.At(2).Seconds, result.At(6).Seconds, 6);
        Assert.StartsWith("the LLM's rate limit, shared by all nodes (5,940 messages/min)", result.At(3).Limit);
        Assert.Equal(2, result.UsefulNodes);
    }

    [Fact]
    public void NodesWhoseConnectionsExceedTheDatabases_DoNotFit()
    {
        var load = new DatabaseLoad(5, 2, 30, 1_000, 300);
        var result = NodeScaling.Project(Input, 100_000, load, new DatabaseLimits(null, null, 97, "max_connections 100 − 3 reserved"), maxNodes: 5);

        Assert.True(result.At(3).Fits); // 90 connections
        Assert.False(result.At(4).Fits); // 120
        Assert.Equal("connections: 4 × 30 exceed the database's 97", result.At(4).Limit);
        Assert.Equal(3, result.UsefulNodes);
        Assert.Contains("Node 4 does not fit", result.Reason);
    }

    [Fact]
    public void ARunMeasuredOnTwoNodes_IsHalvedPerNode()
    {
        var result = NodeScaling.Project(Input, 100_000, null, NoCeiling, measuredNodes: 2, maxNodes: 2);

        Assert.Equal(109 + 4_000, result.At(1).Seconds, 6);
        Assert.Equal(109 + 2_000, result.At(2).Seconds, 6);
        Assert.Contains("÷ 2 nodes", result.Basis[0]);
    }

    [Fact]
    public void WithoutDatabaseCounters_TheBasisSaysTheDatabaseIsNotPriced()
    {
        var result = NodeScaling.Project(Input, 100_000, null, NoCeiling, maxNodes: 2);

        Assert.Contains(result.Basis, b => b.Contains("not priced", StringComparison.Ordinal));
        Assert.Contains(result.Basis, b => b == "database ceiling: none given");
    }

    [Fact]
    public void Measure_TakesPerRowFiguresAfterIngest_AndPeaksOverTheWholeRun()
    {
        DatabaseSample[] samples =
        [
            new(0, 5, 100, 1_000),
            new(1, 10, 110, 3_000), // ingest's COPY: 2,000 rows in this second
            new(2, 12, 130, 3_100),
            new(3, 8, 150, 3_300),
        ];

        var load = DatabaseLoad.Measure(samples, fromSeconds: 1, rows: 100, nodes: 2)!;

        Assert.Equal(3, load.RowsWrittenPerRow, 9);   // (100 + 200) ÷ 100
        Assert.Equal(0.4, load.CommitsPerRow, 9);     // (20 + 20) ÷ 100
        Assert.Equal(6, load.ConnectionsPerNode, 9);  // peak 12 ÷ 2 nodes
        Assert.Equal(2_000, load.PeakRowsWrittenPerSecond, 9);
        Assert.Equal(20, load.PeakCommitsPerSecond, 9);
    }

    [Fact]
    public void Measure_ACounterReset_CountsAsNoChange_AndTooFewSamplesGiveNothing()
    {
        DatabaseSample[] samples = [new(0, 1, 500, 500), new(1, 1, 10, 20), new(2, 1, 30, 70)];

        var load = DatabaseLoad.Measure(samples, 0, 10, 1)!;

        Assert.Equal(5, load.RowsWrittenPerRow, 9); // 0 + 50
        Assert.Null(DatabaseLoad.Measure(samples, 2, 10, 1));
    }
}
