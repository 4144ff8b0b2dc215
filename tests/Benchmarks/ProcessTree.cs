using Appliance.Collectors;

namespace Appliance.Benchmarks;

/// <summary>Process groups from one listing of /proc (pid → its <c>stat</c>), for <see cref="ProcessCpuSampler"/>.</summary>
public static class ProcessTree
{
    /// <summary>The root and every process under it (children, their children…), root first; empty when the root is not listed.</summary>
    public static IReadOnlyList<int> WithDescendants(IReadOnlyDictionary<int, ProcessStat> all, int root)
    {
        if (!all.ContainsKey(root))
        {
            return [];
        }

        var children = all.ToLookup(p => p.Value.ParentPid, p => p.Key);
        var group = new List<int> { root };
        var seen = new HashSet<int> { root };
        for (var i = 0; i < group.Count; i++)
        {
            group.AddRange(children[group[i]].Where(seen.Add));
        }

        return group;
    }

    /// <summary>
    /// The group's CPU seconds so far: each member's own ticks and its reaped children's. A member that exits and is reaped
    /// by another member moves its ticks into that member's children's ticks, so the sum does not drop when a backend ends.
    /// </summary>
    public static double GroupSeconds(IReadOnlyDictionary<int, ProcessStat> all, IEnumerable<int> group) =>
        group.Sum(pid => all.TryGetValue(pid, out var s) ? s.UserTicks + s.SystemTicks + (double)s.ChildUserTicks + s.ChildSystemTicks : 0) / ProcStat.UserHz;
}
