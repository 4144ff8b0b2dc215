using System.Globalization;

namespace Appliance.Collectors;

/// <summary>Invariant-culture number parsing for kernel text (the kernel never writes "0,5").</summary>
internal static class Numbers
{
    public static double Double(ReadOnlySpan<char> s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    public static ulong ULong(ReadOnlySpan<char> s) => ulong.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);

    public static bool TryULong(ReadOnlySpan<char> s, out ulong value) =>
        ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static string[] Fields(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
