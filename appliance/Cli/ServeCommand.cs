using System.CommandLine;
using System.Net.Sockets;
using Npgsql;

namespace Appliance.Cli;

/// <summary>
/// <c>appliance serve</c>: the daemon — HTTP API, job server, pipeline. Exit codes: 0 after a clean stop,
/// 78 for a configuration error (each bad key named on stderr), 1 when storage or the listen address fails.
/// </summary>
public static class ServeCommand
{
    public static Command Create(string[] args)
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:8000, key Urls)" };
        var command = new Command("serve", "Run the appliance daemon: HTTP API, job server and pipeline (speaks sd_notify under systemd)") { urls };
        command.SetAction(async (parse, ct) =>
        {
            var overrides = parse.GetValue(urls) is { } u ? new Dictionary<string, string?> { ["Urls"] = u } : null;
            try
            {
                await using var app = await Program.BuildWebAppAsync(overrides, ct);
                await app.RunAsync();
                return 0;
            }
            catch (Exception e) when (ConfigurationErrors.TryDescribe(e, out var lines))
            {
                foreach (var line in lines)
                {
                    await Console.Error.WriteLineAsync($"configuration error: {line}");
                }

                return ConfigurationErrors.ExitCode;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or SocketException or InvalidOperationException or Storage.StorageStartException && !ct.IsCancellationRequested)
            {
                // Expected failures (database unreachable, port taken): one line, no stack trace; systemd restarts us.
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
