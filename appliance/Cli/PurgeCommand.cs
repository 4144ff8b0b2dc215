using System.CommandLine;
using Appliance.Storage;
using Npgsql;

namespace Appliance.Cli;

/// <summary>
/// <c>appliance purge --upload ID | --older-than DAYS</c>: deletes uploads with their file, lead rows, messages and
/// rejects (personal data); <c>Ingest:RetentionDays</c> has the daemon do the second on its own.
/// </summary>
public static class PurgeCommand
{
    public static Command Create()
    {
        var upload = new Option<long?>("--upload") { Description = "Upload id to delete" };
        var olderThan = new Option<int?>("--older-than") { Description = "Delete every upload older than this many days" };
        var command = new Command("purge", "Delete uploads: the stored file, its lead rows, their messages and its rejected rows") { upload, olderThan };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(upload) is null) == (r.GetValue(olderThan) is null))
            {
                r.AddError("give either --upload ID or --older-than DAYS");
            }

            if (r.GetValue(olderThan) is < 0)
            {
                r.AddError("--older-than must be 0 or more days");
            }
        });
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await ApplianceServices.OpenAsync(null, ct);
            var state = services.Get<IConfiguration>()["StateDirectory"] ?? StateDirectory.Resolve();
            var purger = new UploadPurger(services.Get<NpgsqlDataSource>(), new StatePaths(state).Uploads);
            if (parse.GetValue(upload) is { } id)
            {
                PurgeResult? result;
                try
                {
                    result = await purger.PurgeAsync(id, ct);
                }
                catch (UploadBusyException e)
                {
                    throw new CliRefusedException(e.Message);
                }

                Print(result ?? throw new CliRefusedException($"upload {id} does not exist"));
                return 0;
            }

            var purged = await purger.PurgeOlderThanAsync(DateTimeOffset.UtcNow.AddDays(-parse.GetValue(olderThan)!.Value), ct);
            foreach (var r in purged)
            {
                Print(r);
            }

            Console.WriteLine($"Purged {Plural.Of(purged.Count, "upload")}");
            return 0;
        });
        return command;
    }

    private static void Print(PurgeResult r) =>
        Console.WriteLine($"Upload {r.UploadId}: deleted {Plural.Of(r.Leads, "lead")}, {Plural.Of(r.Messages, "message")}, {Plural.Of(r.Rejects, "reject")}{(r.FileDeleted ? " and its file" : "")}");
}
