namespace Appliance.Reports.Capacity;

/// <summary>
/// What-if settings for a projection; null keeps what the run measured. <see cref="Target"/> describes the file
/// being projected when it differs from the measured one (duplicates, hosts, failure mix).
/// </summary>
public sealed record Scenario
{
    public double? ScrapeConcurrency { get; init; }

    public double? GenerateConcurrency { get; init; }

    /// <summary>Cores of the host projected for (e.g. the customer's 6).</summary>
    public double? Cores { get; init; }

    public LlmLimits? Llm { get; init; }

    public ScrapeMix? Target { get; init; }

    public HostLimits? Hosts { get; init; }
}

/// <summary>
/// The LLM endpoint's rate limits. <see cref="TokensPerMessage"/> is what the pacer charges a call: the estimated
/// prompt tokens plus <c>Llm:MaxOutputTokens</c> (LlmPacer reserves the maximum output before the call).
/// </summary>
public sealed record LlmLimits(int RequestsPerMinute, int TokensPerMinute, double TokensPerMessage)
{
    /// <summary>LlmPacer refills its buckets at 99% of the configured rate.</summary>
    public const double PacerShare = 0.99;

    /// <summary>Messages per second the limits allow; +∞ when neither limit is set.</summary>
    public double MessagesPerSecond
    {
        get
        {
            var byRequests = RequestsPerMinute > 0 ? RequestsPerMinute * PacerShare / 60 : double.PositiveInfinity;
            var byTokens = TokensPerMinute > 0 && TokensPerMessage > 0 ? TokensPerMinute * PacerShare / 60 / TokensPerMessage : double.PositiveInfinity;
            return Math.Min(byRequests, byTokens);
        }
    }
}
