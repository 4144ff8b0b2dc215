using System.CommandLine;
using System.Text;
using Appliance.Export;

namespace Appliance.Cli;

/// <summary><c>appliance export --upload ID --out FILE</c>: an upload's leads and what was found, as CSV.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var upload = new Option<long>("--upload") { Description = "Upload id", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write", Required = true };
        var command = new Command("export", "Write an upload's leads with their scraped facts as CSV") { upload, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = await ApplianceServices.OpenAsync(null, ct);
            var file = parse.GetValue(output)!;
            await using var writer = new StreamWriter(file.FullName, false, new UTF8Encoding(false), 1 << 16);
            var rows = await services.Get<ExportWriter>().WriteAsync(parse.GetValue(upload), writer, ct);
            Console.WriteLine($"Wrote {Plural.Of(rows, "row")} to {file.FullName}");
            return 0;
        });
        return command;
    }
}
