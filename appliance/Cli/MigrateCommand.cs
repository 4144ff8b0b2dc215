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
            // Opening the appliance's services opens the database and applies what is missing.
            await using var services = await ApplianceServices.OpenAsync(null, ct);
            var versions = Migrator.Embedded().Select(m => m.Version);
            Console.WriteLine($"Schema is current ({string.Join(", ", versions)}) on {services.Database.Description}");
            return 0;
        });
        return command;
    }
}
