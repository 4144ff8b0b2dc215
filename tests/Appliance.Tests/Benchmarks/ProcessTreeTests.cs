using Appliance.Benchmarks;
using Appliance.Collectors;

namespace Appliance.Tests.Benchmarks;

public class ProcessTreeTests
{
    // pid → (parent, own ticks, reaped children's ticks): a postmaster (10) with two backends (11, 12), one of which runs a
    // parallel worker (13); an unrelated process (20) and a process named like a stat line that hides parentheses (30).
    private static readonly Dictionary<int, ProcessStat> Listing = new()
    {
        [1] = Stat("1 (systemd) S 0 1 1 0 -1 0 0 0 0 0 500 100 0 0 20 0 1 0 1 1000 10 0 0"),
        [10] = Stat("10 (postgres) S 1 10 10 0 -1 0 0 0 0 0 100 50 300 100 20 0 1 0 5 1000 10 0 0"),
        [11] = Stat("11 (postgres: appliance appliance [local] idle) S 10 10 10 0 -1 0 0 0 0 0 200 100 0 0 20 0 1 0 9 1000 10 0 0"),
        [12] = Stat("12 (postgres: walwriter) S 10 10 10 0 -1 0 0 0 0 0 10 10 20 20 20 0 1 0 9 1000 10 0 0"),
        [13] = Stat("13 (postgres: parallel worker for PID 12) S 12 10 10 0 -1 0 0 0 0 0 40 0 0 0 20 0 1 0 9 1000 10 0 0"),
        [20] = Stat("20 (bash) S 1 20 20 0 -1 0 0 0 0 0 7 7 0 0 20 0 1 0 9 1000 10 0 0"),
        [30] = Stat("30 (x) S 10 (y) S 20 30 30 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 9 1000 10 0 0"),
    };

    [Fact]
    public void Parse_CommandNameWithSpacesAndParentheses_ReadsParentAndTicksAfterIt()
    {
        var stat = Listing[30];

        Assert.Equal((20, 1UL, 1UL), (stat.ParentPid, stat.UserTicks, stat.SystemTicks));
    }

    [Fact]
    public void WithDescendants_TakesChildrenAndTheirChildren_NotTheRest()
    {
        var group = ProcessTree.WithDescendants(Listing, 10);

        Assert.Equal(10, group[0]);
        Assert.Equal([10, 11, 12, 13], group.Order());
    }

    [Fact]
    public void WithDescendants_OfAProcessNotListed_IsEmpty() => Assert.Empty(ProcessTree.WithDescendants(Listing, 99));

    [Fact]
    public void GroupSeconds_AddsEachMembersOwnAndReapedChildrensTicks()
    {
        // 10: 100+50+300+100, 11: 200+100, 12: 10+10+20+20, 13: 40: 950 ticks of 1/100 s.
        Assert.Equal(9.5, ProcessTree.GroupSeconds(Listing, ProcessTree.WithDescendants(Listing, 10)), 9);
    }

    [Fact]
    public void GroupSeconds_BackendThatExitsAndIsReaped_KeepsTheGroupsTotal()
    {
        var before = ProcessTree.GroupSeconds(Listing, ProcessTree.WithDescendants(Listing, 10));
        // Backend 11 (300 ticks) exits; the postmaster reaps it, so its ticks join the postmaster's children's ticks.
        var after = new Dictionary<int, ProcessStat>(Listing) { [10] = Stat("10 (postgres) S 1 10 10 0 -1 0 0 0 0 0 100 50 500 200 20 0 1 0 5 1000 10 0 0") };
        after.Remove(11);

        Assert.Equal(before, ProcessTree.GroupSeconds(after, ProcessTree.WithDescendants(after, 10)), 9);
    }

    private static ProcessStat Stat(string line) => ProcessStat.Parse(line);
}
