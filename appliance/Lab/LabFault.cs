namespace Appliance.Lab;

/// <summary>
/// The ways a lab site misbehaves, and what a correct scraper must report for each. One fault
/// per site at most, drawn from its own random stream so that page content can change without
/// moving the fault mix.
/// </summary>
public static class LabFault
{
    public const string None = "none";
    public const string NotFound = "http_404";
    public const string ServerError = "http_500";
    public const string RedirectChain = "redirect_chain";
    public const string RedirectLoop = "redirect_loop";
    public const string Hang = "hang";
    public const string SlowDrip = "slow_drip";
    public const string NotHtml = "not_html";
    public const string HugePage = "huge_page";
    public const string GzipBomb = "gzip_bomb";
    public const string Reset = "reset";
    public const string Robots = "robots";

    // Poison pages (LabPoisonPages), off by default: each is served as 200 HTML that a correct scraper reads in full.
    public const string DeepNesting = "deep_nesting";
    public const string EmojiCaps = "emoji_caps";
    public const string LyingCharset = "lying_charset";

    public static string Pick(double draw, LabOptions options) => Pick(draw, options, options.FaultRates());

    /// <summary>The fault of a site: <paramref name="draw"/> in [0, 1) walks the cumulative rates (also the DNS and TLS faults').</summary>
    internal static string Pick(double draw, LabOptions options, IEnumerable<(string Fault, double Rate)> rates)
    {
        if (!options.Faults)
        {
            return None;
        }

        var cumulative = 0.0;
        foreach (var (fault, rate) in rates)
        {
            cumulative += rate;
            if (draw < cumulative)
            {
                return fault;
            }
        }

        return None;
    }

    /// <summary>
    /// The final state a scraper should record. The status is that of the last response whose
    /// headers arrived for the page itself: none for a loop (no final answer), a hang, a reset or
    /// robots (the page is never asked for); 200 for a drip, a PDF or a bomb, whose headers did come.
    /// </summary>
    public static (string Status, string? Reason, int? HttpStatus) Outcome(string fault) => fault switch
    {
        None or RedirectChain or HugePage or DeepNesting or EmojiCaps or LyingCharset => ("done", null, 200),
        NotFound => ("failed", "http_4xx", 404),
        ServerError => ("failed", "http_5xx", 500),
        RedirectLoop => ("failed", "redirect_loop", null),
        Hang => ("failed", "timeout", null),
        SlowDrip => ("failed", "timeout", 200),
        NotHtml => ("failed", "not_html", 200),
        GzipBomb => ("failed", "too_large", 200),
        Reset => ("failed", "reset", null),
        Robots => ("failed", "robots", null),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown lab fault"),
    };
}
