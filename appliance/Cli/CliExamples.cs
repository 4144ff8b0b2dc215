using System.CommandLine;

namespace Appliance.Cli;

/// <summary>An example or two under each verb's description, so <c>appliance VERB --help</c> shows how it is called.</summary>
public static class CliExamples
{
    public static readonly IReadOnlyDictionary<string, string[]> ByVerb = new Dictionary<string, string[]>
    {
        ["serve"] = ["appliance serve", "appliance serve --urls http://127.0.0.1:8000"],
        ["demo"] = ["appliance demo", "appliance demo --rows 10000 -o demo.pdf --json"],
        ["run"] = ["appliance run --lab-rows 5000", "appliance run --file leads.csv --generator llm --concurrency 512,64 --json"],
        ["sweep"] = ["appliance sweep --stage scrape", "appliance sweep --stage generate --levels 8,16,32,64,128,256 --seconds 10"],
        ["project"] = ["appliance project --rows 500000", "appliance project --run 3 --concurrency 256 --json"],
        ["report"] = ["appliance report -o report.pdf", "appliance report --run 3 --baseline 2 -o report.pdf"],
        ["ingest"] = ["appliance ingest leads.csv", "appliance ingest leads.xlsx --sheet Leads --json"],
        ["scrape"] = ["appliance scrape --upload 1", "appliance scrape --upload 1 --concurrency 256 --json"],
        ["generate"] = ["appliance generate --upload 1", "appliance generate --upload 1 --generator llm --json"],
        ["export"] = ["appliance export --upload 1 -o leads-out.csv"],
        ["purge"] = ["appliance purge --upload 7", "appliance purge --older-than 30"],
        ["migrate"] = ["appliance migrate"],
        ["lab"] = ["appliance lab serve", "appliance lab leads --rows 500000 -o leads.csv"],
        ["leads"] = ["appliance lab leads --rows 10000 -o leads.csv"],
    };

    public static void AddTo(Command command)
    {
        foreach (var sub in command.Subcommands)
        {
            if (ByVerb.TryGetValue(sub.Name, out var examples))
            {
                sub.Description += Environment.NewLine + Environment.NewLine + "Examples:" + Environment.NewLine
                    + string.Join(Environment.NewLine, examples.Select(e => "  " + e));
            }

            AddTo(sub);
        }
    }
}
