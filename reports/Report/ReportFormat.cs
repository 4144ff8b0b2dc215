using System.Globalization;

namespace Appliance.Reports.Report;

/// <summary>How the report writes numbers: one place, so the text, the tables and the tests agree.</summary>
public static class ReportFormat
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string Missing = "—";

    /// <summary>The capacity model's own wording (<see cref="Capacity.DurationText"/>), so the report and the CLI agree.</summary>
    public static string Duration(double seconds) => double.IsFinite(seconds) ? Capacity.DurationText.Format(seconds) : Missing;

    public static string Duration(double? seconds) => seconds is { } s ? Duration(s) : Missing;

    /// <summary>Latency: "850 ms", "1.25 s".</summary>
    public static string Latency(double? seconds) => seconds switch
    {
        null => Missing,
        < 1 => (seconds.Value * 1000).ToString(seconds.Value < 0.01 ? "0.0" : "0", Invariant) + " ms",
        _ => seconds.Value.ToString(seconds.Value < 10 ? "0.00" : "0.0", Invariant) + " s",
    };

    public static string Count(long value) => value.ToString("N0", Invariant);
    public static string Count(double? value) => value is { } v ? Math.Round(v, MidpointRounding.AwayFromZero).ToString("N0", Invariant) : Missing;

    /// <summary>Three significant figures, thousands separated: "1,234", "56.7", "0.123".</summary>
    public static string Number(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
            return Missing;
        var abs = Math.Abs(v);
        // Halves round away from zero, as people do (4,012.5 is "4,013"), not to even.
        var (format, digits) = abs >= 100 ? ("N0", 0) : abs >= 10 ? ("N1", 1) : abs >= 1 ? ("N2", 2) : ("0.###", 3);
        // Below 1, three significant figures in plain decimals ("0.000999"): a reader does not parse "9.99e-4".
        if (abs != 0 && abs < 1)
        {
            var places = Math.Min(12, 2 - (int)Math.Floor(Math.Log10(abs)));
            return Math.Round(v, places, MidpointRounding.AwayFromZero).ToString("0." + new string('#', places), Invariant);
        }
        return Math.Round(v, digits, MidpointRounding.AwayFromZero).ToString(format, Invariant);
    }

    public static string RowsPerMinute(double? value) => value is null ? Missing : Number(value) + " rows/min";

    /// <summary>Below this a stage's span is too short for a per-minute rate to mean anything (ingest's COPY of a small file).</summary>
    public const double ShortestRateSpan = 10;

    /// <summary>
    /// A stage's one rate, as every section writes it: "4,013 rows/min (3,892 – 4,133)"; a stage over in seconds gives
    /// its rows and time instead ("10,012 rows in 0.03 s").
    /// </summary>
    public static string StageRate(StageResult stage)
    {
        if (stage.RowsPerMinute is { } rate)
            return RowsPerMinute(rate) + (stage.RowsPerMinuteLow is { } lo && stage.RowsPerMinuteHigh is { } hi ? $" ({Number(lo)} – {Number(hi)})" : "");
        if (stage.SpanSeconds is { } span && stage.Total > 0)
            return $"{Count(stage.Total)} rows in {Latency(span)}";
        return "no steady rate";
    }

    public static string Percent(double? fraction) =>
        fraction is { } f && double.IsFinite(f) ? (f * 100).ToString(Math.Abs(f) < 0.1 ? "0.0" : "0", Invariant) + " %" : Missing;

    /// <summary>Binary units: "512 KiB", "1.4 GiB".</summary>
    public static string Bytes(double? value)
    {
        if (value is not { } v || !double.IsFinite(v))
            return Missing;
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var i = 0;
        while (Math.Abs(v) >= 1024 && i < units.Length - 1)
        {
            v /= 1024;
            i++;
        }
        return (i == 0 ? Math.Round(v).ToString("0", Invariant) : Number(v)) + " " + units[i];
    }

    public static string BytesPerSecond(double? value) => value is null ? Missing : Bytes(value) + "/s";

    public static string Factor(double factor) => "×" + factor.ToString(factor >= 10 ? "0" : "0.00", Invariant);

    public static string Money(decimal? value, string? currency) =>
        value is { } v ? v.ToString(v < 1 ? "0.0000" : "N2", Invariant) + (currency is null ? "" : " " + currency) : Missing;

    public static string DateTimeUtc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant);

    /// <summary>A window of the run: "from 12 s to 40 s after the start (2026-11-30 09:15 UTC)".</summary>
    public static string Window(double fromSeconds, double toSeconds, DateTime startedUtc) =>
        $"{Duration(fromSeconds)} to {Duration(toSeconds)} after the start ({DateTimeUtc(startedUtc.AddSeconds(fromSeconds))} – {startedUtc.AddSeconds(toSeconds).ToString("HH:mm", Invariant)} UTC)";
}
