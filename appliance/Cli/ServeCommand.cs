using System.CommandLine;

namespace Appliance.Cli;

/// <summary><c>appliance serve</c>: the daemon — HTTP API, job server, pipeline.</summary>
public static class ServeCommand
{
    public static Command Create(string[] args)
    {
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on (default http://127.0.0.1:8000, key Urls)" };
        var command = new Command("serve", "Run the appliance daemon: HTTP API, job server and pipeline") { urls };
        command.SetAction(async (parse, ct) =>
        {
            var overrides = parse.GetValue(urls) is { } u ? new Dictionary<string, string?> { ["Urls"] = u } : null;
            await using var app = await Program.BuildWebAppAsync(overrides, ct);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
