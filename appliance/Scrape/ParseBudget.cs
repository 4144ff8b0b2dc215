namespace Appliance.Scrape;

/// <summary>
/// What one page may cost the parser: a bounded prefix of its text, a bounded nesting depth, and a deadline.
/// Parsing runs on one thread per core (<see cref="ParseThreads"/>), after the request's own timeout: without
/// these, a handful of hostile pages (deep nesting is quadratic in the tree builder) held every parse thread.
/// </summary>
/// <param name="MaxChars">Characters of decoded text parsed; the rest of a longer page is left out (and the result says so).</param>
/// <param name="MaxDepth">Nesting depth of elements, html and body included: a deeper page is parsed up to the tag that goes past it.</param>
/// <param name="Timeout">Wall-clock time one parse may take before the page fails with <see cref="FailureReason.ParseTimeout"/>.</param>
public sealed record ParseBudget(int MaxChars, int MaxDepth, TimeSpan Timeout, TimeProvider Time)
{
    public static readonly ParseBudget Default = new(512 * 1024, 512, TimeSpan.FromSeconds(2), TimeProvider.System);

    public static ParseBudget From(ScrapeOptions options, TimeProvider time) =>
        new(options.MaxParseChars, options.MaxParseDepth, TimeSpan.FromMilliseconds(options.ParseTimeoutMs), time);
}

/// <summary>A page's parse ran past <see cref="ParseBudget.Timeout"/>.</summary>
public sealed class ParseTimeoutException(TimeSpan timeout)
    : Exception($"parsing the page took longer than {timeout.TotalMilliseconds:0} ms");
