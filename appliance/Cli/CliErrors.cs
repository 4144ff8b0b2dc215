using System.Net.Sockets;
using Appliance.Reports.Capacity;
using Appliance.Storage;
using Npgsql;

namespace Appliance.Cli;

/// <summary>A command line that cannot mean anything (an unknown verb, a malformed value): exit 64.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>Input the appliance refuses (a file that is not a lead file, an upload or run that does not exist): exit 65.</summary>
public sealed class CliRefusedException(string message) : Exception(message);

/// <summary>
/// The exit codes of every verb (the README's table) and the one line an expected failure prints instead of a stack
/// trace. A stack trace still means a bug: only the exceptions listed here are expected.
/// </summary>
public static partial class CliErrors
{
    public const int Ok = 0;

    /// <summary>Any other failure: storage unreachable, a file that cannot be written, the bundled PostgreSQL not starting.</summary>
    public const int Failure = 1;

    /// <summary>sysexits' EX_USAGE: the command line is wrong.</summary>
    public const int Usage = 64;

    /// <summary>sysexits' EX_DATAERR: the input was refused.</summary>
    public const int Refused = 65;

    /// <summary>Stopped by Ctrl+C or SIGTERM, as a shell reports SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>sysexits' EX_CONFIG: a configuration key is invalid (each named on stderr).</summary>
    public const int Configuration = ConfigurationErrors.ExitCode;

    /// <summary>The exit code and lines for an expected failure; false for anything else (a bug, which keeps its stack trace).</summary>
    public static bool TryDescribe(Exception e, out int code, out IReadOnlyList<string> lines)
    {
        if (ConfigurationErrors.TryDescribe(e, out var config))
        {
            (code, lines) = (Configuration, config.Select(l => $"configuration error: {l}").ToList());
            return true;
        }

        (code, var line) = e switch
        {
            CliUsageException => (Usage, e.Message),
            CliRefusedException or ProjectionException => (Refused, e.Message),
            UnauthorizedAccessException or IOException => (Failure, e.Message),
            NpgsqlException or SocketException or TimeoutException or StorageStartException => (Failure, e.Message),
            OperationCanceledException => (Interrupted, "interrupted"),
            _ => (0, ""),
        };
        lines = code == 0 ? [] : [$"error: {line.Trim().Split('\n')[0]}"];
        return code != 0;
    }

    /// <summary>The first parse error as one line a person can act on, without .NET type names.</summary>
    public static string DescribeParseError(IReadOnlyList<string> errors)
    {
        var first = errors.FirstOrDefault(e => !e.StartsWith("Required command was not provided", StringComparison.Ordinal)) ?? errors.FirstOrDefault();
        if (first is null or { Length: 0 } || first.StartsWith("Required command was not provided", StringComparison.Ordinal))
        {
            return "error: give a verb (appliance --help lists them)";
        }

        if (ParseFailure().Match(first) is { Success: true } m)
        {
            var kind = m.Groups["type"].Value switch
            {
                "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number",
                "System.Double" or "System.Nullable`1[System.Double]" => "a number",
                _ => "a valid value",
            };
            return $"error: {m.Groups["option"].Value}: '{m.Groups["value"].Value}' is not {kind}";
        }

        first = string.Join(' ', first.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return first.StartsWith("Unrecognized command or argument", StringComparison.Ordinal)
            ? $"error: {first.TrimEnd('.')} (appliance --help lists the verbs and options)"
            : $"error: {first}";
    }

    // "Cannot parse argument 'abc' for option '--rows' as expected type 'System.Int64'."
    [System.Text.RegularExpressions.GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|argument) '(?<option>[^']+)' as expected type '(?<type>[^']+)'")]
    private static partial System.Text.RegularExpressions.Regex ParseFailure();
}
