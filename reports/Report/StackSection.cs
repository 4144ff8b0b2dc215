using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 3: what software ran, how it was configured, and what the database had to work with.</summary>
public static class StackSection
{
    public const string Title = "5. Application stack and configuration";

    public static void Write(ReportContext context)
    {
        var run = context.Input.Run;
        var stack = context.Input.Stack;
        context.Heading1(Title);

        context.Heading2("Versions");
        context.KeyValues(
        [
            ("Appliance", stack?.ApplianceVersion ?? "not recorded"),
            (".NET runtime", stack?.Runtime ?? "not recorded"),
            ("PostgreSQL", stack?.PostgresVersion ?? "not recorded"),
            ("LLM model", context.Input.Llm?.Model ?? "none: no LLM was used"),
        ]);

        context.Heading2("Generator and endpoints");
        var generator = new List<(string, string)>
        {
            ("Generator", run.Generator ?? Missing),
            ("LLM endpoint", run.LlmEndpoint ?? "none (no LLM used)"),
            ("Websites", run.UsesLabWeb ? "lab web (simulated sites on loopback)" : "real websites"),
            ("LLM", run.UsesLabLlm ? "lab LLM (simulated, OpenAI wire format)" : run.LlmEndpoint is null ? "not used" : "real endpoint"),
        };
        context.KeyValues(generator);
        context.Paragraph(run.UsesLabWeb || run.UsesLabLlm
            ? ExecutiveSummarySection.LabSentence(run)
            : "Neither the lab web nor the lab LLM was used: the websites and the generator were real.");

        if (stack is null)
        {
            context.Paragraph("The stack (components, queues, database indexes) was not recorded for this run.");
        }
        else
        {
            context.Heading2("Components");
            if (stack.Components.Count == 0)
                context.Paragraph("No component information was available (not running under systemd).");
            else
                context.Table([new("Component", 1.2f), new("Version", 1.4f), new("Role", 3f), new("Peak memory", 1.1f, CellAlign.Right)],
                    stack.Components.Select(c => (IReadOnlyList<string>)[c.Name, c.Version ?? "not recorded", c.Description ?? "", c.MemoryBytes is { } m ? Bytes(m) : "not measured"]));

            context.Heading2("Queues and concurrency");
            if (stack.Queues.Count > 0)
                context.Table([new("Queue", 2f), new("Workers", 1, CellAlign.Right), new("Pending at end", 1, CellAlign.Right)],
                    stack.Queues.Select(q => (IReadOnlyList<string>)[q.Name, q.Workers.ToString(), Count(q.Pending)]));
            if (stack.ConcurrencySettings.Count > 0)
                context.KeyValues(stack.ConcurrencySettings.Select(kv => (kv.Key, kv.Value)));
            if (stack.Queues.Count == 0 && stack.ConcurrencySettings.Count == 0)
                context.Paragraph("Queue and concurrency settings were not recorded.");

            context.Heading2("PostgreSQL");
            context.Paragraph((stack.Indexes.Count == 0
                ? "No index information was read from pg_indexes."
                : $"{stack.Indexes.Count} indexes were present on the appliance's tables (read from pg_indexes):"));
            if (stack.Indexes.Count > 0)
                context.Table([new("Table", 0.8f), new("Index", 1.9f), new("Definition", 3.3f)],
                    stack.Indexes.Select(i => (IReadOnlyList<string>)[i.Table, i.Name, i.Definition]));
        }

        context.Heading2("Run configuration");
        if (run.Configuration.Count == 0)
            context.Paragraph("The run's configuration was not recorded.");
        else
            context.KeyValues(run.Configuration.Select(kv => (kv.Key, kv.Value)));
    }
}
