using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 9: what the projected rows cost in LLM tokens, by route when routes were priced, from the configured price only.</summary>
public static class CostSection
{
    public const string Title = "9. Cost";

    public static void Write(ReportContext context)
    {
        var input = context.Input;
        context.Heading1(Title);
        var generator = input.Run.Generator ?? "";
        if (input.Llm is not { } llm || !generator.StartsWith("llm", StringComparison.Ordinal))
        {
            context.Paragraph($"No LLM was called in this run (the {(generator.Length == 0 ? "recorded" : generator)} generator wrote the messages), " +
                "so there is no token cost to project. A run with the LLM generator prices its tokens here.");
            return;
        }
        var r = input.Resources;
        var tokens = r is null ? Missing : $"{Count(r.PromptTokens)} prompt + {Count(r.CompletionTokens)} completion tokens";
        if (llm.Price is not { } price)
        {
            context.Paragraph($"No price is configured (Llm:PromptPricePerMillion, Llm:CompletionPricePerMillion), so the report does not price the " +
                $"{tokens} that {Count(r?.Rows)} rows are projected to use with {llm.Model ?? "the model"}. No price is assumed.");
        }
        else
        {
            context.KeyValues(
            [
                ("Model", llm.Model ?? Missing),
                ("Price per million tokens", $"{Number(price.PromptPerMillion)} prompt, {Number(price.CompletionPerMillion)} completion ({price.Currency})"),
                ($"Tokens for {Count(r?.Rows)} rows", tokens),
                ($"Cost for {Count(r?.Rows)} rows", r?.Cost is { } c ? Money((decimal)c, r.Currency) : Missing),
            ]);
        }
        context.Heading2("Routes");
        if (llm.Routes.Count == 0)
        {
            context.Paragraph("LLM routes (real time at the account's limits, the provider's batch API) were not measured for this run, so no route is compared.");
            return;
        }
        context.Table([new("Route", 1.6f), new("Time", 1.2f, CellAlign.Right), new("Cost", 1.2f, CellAlign.Right), new("Basis", 4f)],
            llm.Routes.Select(x => (IReadOnlyList<string>)[x.Name, Duration(x.Seconds), x.Cost is { } c ? Money((decimal)c, x.Currency) : "no price configured", x.Basis]));
    }
}
