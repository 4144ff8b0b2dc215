using System.CommandLine;
using System.Text;
using Appliance.Export;
using Dapper;
using Npgsql;

namespace Appliance.Cli;

/// <summary><c>appliance export --upload ID -o FILE</c>: an upload's leads and what was found, as CSV.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var upload = new Option<long>("--upload") { Description = "Upload id", Required = true };
        var output = CliOptions.Out<FileInfo>("CSV file to write", required: true);
        var command = new Command("export", "Write an upload's leads with their scraped facts as CSV") { upload, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await ApplianceServices.OpenAsync(null, ct);
            var id = parse.GetValue(upload);
            await using (var conn = await services.Get<NpgsqlDataSource>().OpenConnectionAsync(ct))
            {
                if (!await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM file_uploads WHERE id = @id)", new { id }, cancellationToken: ct)))
                {
                    throw new CliRefusedException($"upload {id} does not exist");
                }
            }

            var file = parse.GetValue(output)!;
            await using var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(false), 1 << 16);
            var rows = await services.Get<ExportWriter>().WriteAsync(id, writer, ct);
            Console.WriteLine($"Wrote {Plural.Of(rows, "row")} to {file.FullName}");
            return 0;
        });
        return command;
    }
}
