namespace Appliance.Collectors;

/// <summary>The 1, 5 and 15 minute load averages from <c>/proc/loadavg</c>.</summary>
public readonly record struct LoadAverage(double Load1, double Load5, double Load15)
{
    /// <summary>Parses e.g. <c>0.21 0.37 0.39 1/719 19737</c>.</summary>
    public static bool TryParse(string text, out LoadAverage load)
    {
        var f = Numbers.Fields(text);
        load = default;
        if (f.Length < 3)
        {
            return false;
        }

        load = new LoadAverage(Numbers.Double(f[0]), Numbers.Double(f[1]), Numbers.Double(f[2]));
        return true;
    }
}
