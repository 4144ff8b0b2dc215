using System.CommandLine;
using System.Text;
using Appliance.Lab;

namespace Appliance.Cli;

/// <summary><c>appliance lab ...</c>: synthetic inputs for the demo, tests and benchmarks.</summary>
public static class LabCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Number of lead rows", DefaultValueFactory = _ => 10_000 };
        var output = new Option<FileInfo>("--out") { Description = "CSV file to write", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same file", DefaultValueFactory = _ => 42 };
        var clean = new Option<bool>("--clean") { Description = "Write no broken rows (a file psql \\copy accepts, for benchmarks)" };
        var leads = new Command("leads", "Write a synthetic leads CSV") { rows, output, seed, clean };
        leads.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(output)!;
            var n = parse.GetValue(rows);
            await CliConsole.WithProgressAsync($"Writing {n:N0} leads", p =>
            {
                WriteLeads(file.FullName, n, parse.GetValue(seed), p, withBadRows: !parse.GetValue(clean));
                return Task.FromResult(0);
            });
            Console.WriteLine($"Wrote {n:N0} leads to {file.FullName} ({new FileInfo(file.FullName).Length / 1e6:0.0} MB)");
            return 0;
        });
        return new Command("lab", "Synthetic inputs for demos, tests and benchmarks") { leads };
    }

    public static void WriteLeads(string path, int rows, int seed, IProgress<double>? progress = null, bool withBadRows = true)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        LeadFileGenerator.Write(writer, rows, seed, progress, withBadRows);
    }
}
