using Xunit.Abstractions;

namespace Appliance.Tests.Runs;

/// <summary>
/// Every recorded pair replayed and printed as docs/benchmarks.md's table (run with
/// <c>--logger "console;verbosity=detailed"</c> to see it). It asserts only what holds for every pair: each projection is
/// finite and ordered (low ≤ expected ≤ high) and names a stage; the accuracy claims are the per-fixture tests'.
/// </summary>
public sealed class ReplayTableTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryRecordedPair_ProjectsAnOrderedFiniteInterval_AndPrintsItsRow()
    {
        output.WriteLine("| pair | projected [90%] | actual | error | inside | bottleneck | steady |");
        output.WriteLine("|---|---:|---:|---:|---|---|---|");
        foreach (var pair in RecordedPairs.All)
        {
            var (_, p, actual) = RecordedPairs.Replay(pair);
            output.WriteLine(RecordedPairs.Line(pair, p, actual));
            foreach (var note in p.Notes.Where(n => n.StartsWith("scrape: ", StringComparison.Ordinal)))
            {
                output.WriteLine("  " + note);
            }

            output.WriteLine("  " + p.Reason);
            Assert.True(double.IsFinite(p.SecondsHigh) && p.SecondsLow <= p.SecondsExpected && p.SecondsExpected <= p.SecondsHigh, pair.Name);
            Assert.Contains(p.Bottleneck, new[] { "scrape", "generate" });
        }
    }
}
