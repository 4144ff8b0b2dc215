using System.CommandLine;
using Appliance.Storage;

namespace Appliance.Cli;

/// <summary><c>appliance migrate</c>: apply the schema migrations and exit.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply database migrations and exit");
        command.SetAction(async (_, ct) =>
        {
            var configuration = ApplianceConfiguration.Load();
            using var loggers = ApplianceConfiguration.CliLoggers(configuration);
            await using var db = await Database.OpenAsync(configuration, StateDirectory.Resolve(), loggers, ct);
            var versions = Migrator.Embedded().Select(m => m.Version);
            Console.WriteLine($"Schema is current ({string.Join(", ", versions)}) on {db.Description}");
            return 0;
        });
        return command;
    }
}
