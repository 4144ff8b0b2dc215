using System.Reflection;
using System.Runtime.CompilerServices;

namespace Appliance.Tests.Architecture;

/// <summary>
/// A concept has one type: two top-level types with one name in the solution's assemblies (the appliance, the reports
/// and the collectors) are twins that drift apart — as the report's copies of the capacity model's records did.
/// Nested types are named through their outer type (<c>NodeLease.Result</c>) and are not compared.
/// </summary>
public sealed class DuplicateTypeNamesTests
{
    private static readonly Assembly[] Solution =
    [
        typeof(Appliance.Runs.RunStore).Assembly,
        typeof(Appliance.Reports.Capacity.CapacityProjector).Assembly,
        typeof(Appliance.Collectors.HostInventory).Assembly,
    ];

    [Fact]
    public void NoTypeNameIsDeclaredTwiceAcrossTheSolutionsAssemblies()
    {
        var twins = DeclaredTypes()
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => $"{t.FullName} ({t.Assembly.GetName().Name})"))}")
            .ToList();

        Assert.True(twins.Count == 0, "Type names declared more than once:\n" + string.Join("\n", twins));
    }

    [Fact]
    public void TheCheckSeesTheTypesOfAllThreeAssemblies()
    {
        var names = DeclaredTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        // One type from each assembly, and the records the report now takes from the capacity model.
        Assert.Contains("RunStore", names);
        Assert.Contains("HostInventory", names);
        Assert.Contains("ProjectionResult", names);
        Assert.Contains("StageSweep", names);
    }

    /// <summary>Top-level types written in the source: no compiler-generated ones (closures, anonymous types, &lt;Module&gt;).</summary>
    private static IEnumerable<Type> DeclaredTypes() => Solution
        .SelectMany(a => a.GetTypes())
        .Where(t => !t.IsNested && t.Namespace is not null && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null && !t.Name.Contains('<'));
}
