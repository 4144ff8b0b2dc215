using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>Durations as people read them: "42 s", "7 min 5 s", "3 h 12 min", "1.4 days".</summary>
public static class DurationText
{
    public static string Format(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            return "unknown";
        }

        if (seconds < 0)
        {
            return "-" + Format(-seconds);
        }

        var c = CultureInfo.InvariantCulture;
        if (seconds < 10)
        {
            return seconds.ToString("0.#", c) + " s";
        }

        var whole = (long)Math.Round(seconds);
        if (whole < 60)
        {
            return whole.ToString(c) + " s";
        }

        if (whole < 600)
        {
            return whole % 60 == 0 ? $"{whole / 60} min" : $"{whole / 60} min {whole % 60} s";
        }

        var minutes = (long)Math.Round(seconds / 60);
        if (minutes < 60)
        {
            return $"{minutes} min";
        }

        if (minutes < 24 * 60)
        {
            return minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
        }

        return (seconds / 86_400).ToString("0.0", c) + " days";
    }
}
