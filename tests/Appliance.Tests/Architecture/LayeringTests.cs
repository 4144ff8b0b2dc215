using NetArchTest.Rules;

namespace Appliance.Tests.Architecture;

/// <summary>
/// The arrows run one way: host (Program, Cli, Api, Web, Security, Daemon) → Runs → Pipeline → stages (Ingest, Scrape,
/// Generate) → Storage and Telemetry → collectors; reports beside, taking plain data. Each rule names what a folder may
/// not reference; a failure lists the offending types.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "Appliance.";
    private static readonly string[] Stages = ["Ingest", "Scrape", "Generate"];
    private static readonly string[] Host = ["Api", "Web", "Cli", "Daemon", "Security"];

    public static TheoryData<string, string[]> Rules()
    {
        var rules = new TheoryData<string, string[]>();
        foreach (var stage in Stages)
        {
            // A stage is a function of its input: it never queues work, never knows a row state, never calls another stage.
            rules.Add(stage, [.. Stages.Where(s => s != stage), "Pipeline", "Runs", "Export", "Lab", .. Host]);
        }

        rules.Add("Pipeline", ["Runs", "Export", "Lab", .. Host]);
        rules.Add("Runs", ["Export", .. Host]);
        rules.Add("Telemetry", ["Pipeline", "Runs", "Export", "Lab", .. Stages, .. Host]);
        rules.Add("Storage", ["Pipeline", "Runs", "Export", "Lab", "Telemetry", .. Stages, .. Host]);
        rules.Add("Lab", ["Pipeline", "Runs", "Export", "Storage", "Telemetry", .. Stages, .. Host]);
        rules.Add("Export", ["Pipeline", "Runs", "Lab", .. Stages, .. Host]);
        rules.Add("Web", ["Api", "Cli", "Daemon", "Security", "Pipeline", "Runs", .. Stages]);
        return rules;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void AFolder_ReferencesNothingAboveItOrBesideIt(string folder, string[] forbidden)
    {
        var result = Types.InAssembly(typeof(Program).Assembly)
            .That().ResideInNamespace(Root + folder)
            .ShouldNot().HaveDependencyOnAny([.. forbidden.Select(f => Root + f)])
            .GetResult();

        Assert.True(result.IsSuccessful, $"{folder} references {string.Join(", ", forbidden)}: " +
            string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void TheRulesSeeEveryFolder_SoARuleCannotPassOnAnEmptySet()
    {
        foreach (var folder in Rules().Select(r => (string)r[0]))
        {
            Assert.NotEmpty(Types.InAssembly(typeof(Program).Assembly).That().ResideInNamespace(Root + folder).GetTypes());
        }
    }
}
