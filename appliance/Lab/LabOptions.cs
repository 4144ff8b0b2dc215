using System.ComponentModel.DataAnnotations;

namespace Appliance.Lab;

/// <summary>
/// Settings of the lab's synthetic web, bound from the <c>Lab</c> configuration section. The
/// fault rates are fractions of sites (not of requests): a site's fault is fixed by the seed and
/// its index, so a rerun meets the same hostile servers. Their sum must stay at most 1.
/// </summary>
public sealed class LabOptions : IValidatableObject
{
    public const string Section = "Lab";
    public const int DefaultPort = 8089;

    public int Seed { get; set; } = 42;

    /// <summary>The listener's port on every loopback address; 0 takes any free port.</summary>
    [Range(0, 65_535)]
    public int Port { get; set; } = DefaultPort;

    /// <summary>Median added latency per request (lognormal); 0 adds none at all.</summary>
    [Range(0, 60_000)]
    public double LatencyMedianMs { get; set; } = 250;

    /// <summary>95th percentile of the added latency; with the median it fixes the lognormal's sigma.</summary>
    [Range(0, 600_000)]
    public double LatencyP95Ms { get; set; } = 1500;

    /// <summary>
    /// No request waits longer than this, so a healthy site never outlasts a scraper's 20 s
    /// request timeout through the distribution's tail alone (the truth says it is healthy).
    /// </summary>
    [Range(0, 600_000)]
    public double LatencyMaxMs { get; set; } = 10_000;

    /// <summary>False: every site serves a healthy 200 HTML page and allows everything in robots.txt.</summary>
    public bool Faults { get; set; } = true;

    [Range(0, 1)] public double NotFoundRate { get; set; } = 0.03;
    [Range(0, 1)] public double ServerErrorRate { get; set; } = 0.02;
    [Range(0, 1)] public double RedirectChainRate { get; set; } = 0.02;
    [Range(0, 1)] public double RedirectLoopRate { get; set; } = 0.005;
    [Range(0, 1)] public double HangRate { get; set; } = 0.01;
    [Range(0, 1)] public double SlowDripRate { get; set; } = 0.01;
    [Range(0, 1)] public double NotHtmlRate { get; set; } = 0.005;
    [Range(0, 1)] public double HugePageRate { get; set; } = 0.005;
    [Range(0, 1)] public double GzipBombRate { get; set; } = 0.005;
    [Range(0, 1)] public double ResetRate { get; set; } = 0.01;
    [Range(0, 1)] public double RobotsDisallowRate { get; set; } = 0.01;

    // Poison pages (LabPoisonPages): none by default, so the standard mix and every figure measured on it stay as they are.
    [Range(0, 1)] public double DeepNestingRate { get; set; }
    [Range(0, 1)] public double EmojiCapsRate { get; set; }
    [Range(0, 1)] public double LyingCharsetRate { get; set; }

    /// <summary>The simulated OpenAI-compatible LLM on 127.0.0.1 (<c>Lab:Llm</c>).</summary>
    public LabLlmOptions Llm { get; set; } = new();

    /// <summary>Each fault with its rate, in the fixed order the site picker walks.</summary>
    public IReadOnlyList<(string Fault, double Rate)> FaultRates() =>
    [
        (LabFault.NotFound, NotFoundRate),
        (LabFault.ServerError, ServerErrorRate),
        (LabFault.RedirectChain, RedirectChainRate),
        (LabFault.RedirectLoop, RedirectLoopRate),
        (LabFault.Hang, HangRate),
        (LabFault.SlowDrip, SlowDripRate),
        (LabFault.NotHtml, NotHtmlRate),
        (LabFault.HugePage, HugePageRate),
        (LabFault.GzipBomb, GzipBombRate),
        (LabFault.Reset, ResetRate),
        (LabFault.Robots, RobotsDisallowRate),
        (LabFault.DeepNesting, DeepNestingRate),
        (LabFault.EmojiCaps, EmojiCapsRate),
        (LabFault.LyingCharset, LyingCharsetRate),
    ];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (FaultRates().Sum(f => f.Rate) > 1 + 1e-9)
        {
            yield return new ValidationResult("The lab's fault rates add up to more than 1.", [nameof(NotFoundRate)]);
        }

        // Nested options are not walked by the validator on their own.
        var llm = new List<ValidationResult>();
        Validator.TryValidateObject(Llm, new ValidationContext(Llm), llm, validateAllProperties: true);
        foreach (var result in llm)
        {
            yield return new ValidationResult("Lab:Llm: " + result.ErrorMessage, result.MemberNames.Select(m => $"{nameof(Llm)}.{m}"));
        }

        if (LatencyMedianMs > 0 && LatencyP95Ms < LatencyMedianMs)
        {
            yield return new ValidationResult("Lab:LatencyP95Ms must be at least Lab:LatencyMedianMs.", [nameof(LatencyP95Ms)]);
        }
    }

    /// <summary>Throws with every problem listed: for start-up, where a bad setting must stop the lab.</summary>
    public void ThrowIfInvalid()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ValidationException("Invalid lab options: " + string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
    }
}
