using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Appliance.Cli;

/// <summary>
/// Turns an options validation failure into lines that name the configuration key (<c>Scrape:Concurrency: …</c>),
/// so a bad <c>/etc/appliance/appliance.json</c> reads as one clear message in the journal, not a stack trace.
/// </summary>
public static partial class ConfigurationErrors
{
    /// <summary>sysexits' EX_CONFIG; the unit's <c>RestartPreventExitStatus=</c> keeps systemd from retrying a bad configuration.</summary>
    public const int ExitCode = 78;

    public static bool TryDescribe(Exception e, out IReadOnlyList<string> lines)
    {
        var failures = Flatten(e).OfType<OptionsValidationException>().ToList();
        lines = failures.SelectMany(f => f.Failures.Select(m => Describe(f.OptionsType, m))).Distinct().ToList();
        return lines.Count > 0;
    }

    /// <summary>One failure message with the key it is about in front (DataAnnotations name only the member).</summary>
    public static string Describe(Type optionsType, string message)
    {
        var section = optionsType.GetField("Section", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string;
        if (DataAnnotationFailure().Match(message) is { Success: true } m)
        {
            var key = section is null ? m.Groups["member"].Value : $"{section}:{m.Groups["member"].Value}";
            return $"{key}: {m.Groups["error"].Value}";
        }

        // Our own validators already start with the key; others get the section in front.
        return section is null || message.StartsWith(section + ":", StringComparison.Ordinal) ? message : $"{section}: {message}";
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        yield return e;
        var inner = e is AggregateException a ? a.InnerExceptions : e.InnerException is { } i ? [i] : [];
        foreach (var x in inner.SelectMany(Flatten))
        {
            yield return x;
        }
    }

    // "DataAnnotation validation failed for 'ScrapeOptions' members: 'Concurrency' with the error: 'The field …'."
    [GeneratedRegex(@"members: '(?<member>[^']+)' with the error: '(?<error>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();
}
