using System.CommandLine;

namespace Appliance.Cli;

/// <summary>The verbs of the <c>appliance</c> command.</summary>
public static class CliRoot
{
    public static RootCommand Create(string[] args) => new("Appliance: runs the lead pipeline, measures it, and projects its capacity")
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
        MigrateCommand.Create(),
        LabCommand.Create(),
    };
}
