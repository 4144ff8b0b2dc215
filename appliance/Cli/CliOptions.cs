using System.CommandLine;

namespace Appliance.Cli;

/// <summary>Options several verbs share, spelled the same on each: <c>--out</c>/<c>-o</c> for an output file, one set of <c>--generator</c> values.</summary>
public static class CliOptions
{
    /// <summary>The values of <c>--generator</c> on every verb that takes one.</summary>
    public static readonly string[] Generators = ["template", "llm", "openai", "lab"];

    public static Option<T> Out<T>(string description, bool required = false) => new("--out", "-o", "--output")
    {
        Description = description,
        Required = required,
    };

    /// <param name="lab">Whether this verb can start the lab's simulated LLM.</param>
    public static Option<string?> Generator(string description, bool lab = true)
    {
        var option = new Option<string?>("--generator") { Description = description };
        option.AcceptOnlyFromAmong(lab ? Generators : [.. Generators.Where(g => g != "lab")]);
        return option;
    }
}
