namespace Appliance.Cli;

/// <summary>A count with its noun in the right number: "1 row", "2 rows", "1,000 rows".</summary>
public static class Plural
{
    public static string Of(long count, string one, string? many = null) => $"{count:N0} {(count == 1 ? one : many ?? one + "s")}";
}
