using System.CommandLine;

namespace Appliance.Cli;

/// <summary>
/// The verbs of the <c>appliance</c> command, and the one place their errors become exit codes (<see cref="CliErrors"/>):
/// a parse error prints one line and exits 64; an expected failure prints one line and exits 65, 78 or 1.
/// </summary>
public static class CliRoot
{
    public static RootCommand Create(string[] args)
    {
        var root = new RootCommand("Appliance: runs the lead pipeline, measures it, and projects its capacity")
        {
            ServeCommand.Create(args),
            DemoCommand.Create(),
            RunCommand.Create(),
            SweepCommand.Create(),
            ProjectCommand.Create(),
            ReportCommand.Create(),
            IngestCommand.Create(),
            ScrapeCommand.Create(),
            GenerateCommand.Create(),
            ExportCommand.Create(),
            PurgeCommand.Create(),
            MigrateCommand.Create(),
            LabCommand.Create(),
        };
        CliExamples.AddTo(root);
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        var parse = Create(args).Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync(CliErrors.DescribeParseError(parse.Errors.Select(e => e.Message).ToList()));
            return CliErrors.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (CliErrors.TryDescribe(e, out var code, out var lines))
        {
            foreach (var line in lines)
            {
                await error.WriteLineAsync(line);
            }

            return code;
        }
    }
}
