using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>
/// Part of section 4: the nodes that did the run's work, each one's rows and rate per stage, and its host figures from the
/// samples it took itself (every node records its own while a run is active).
/// </summary>
public static class NodesSection
{
    public const string Title = "Nodes";

    public static void Write(ReportContext context)
    {
        var nodes = context.Input.Nodes;
        context.Heading2(Title);
        if (nodes.Count == 0)
        {
            context.Paragraph("The run did not record which node finished each row (it was stored before nodes were recorded).");
            return;
        }

        context.Paragraph(nodes.Count == 1
            ? $"One node, {nodes[0].Name}, did all the work. Its rates here are over its own span, from its first row to its last (fill and drain included), not the steady rate."
            : $"{nodes.Count} nodes shared one database and one set of queues. Rows per minute are each node's over its own span, from its first row to its last (not the steady rate); " +
              $"CPU, load and peak memory are each node's own, from the samples it took once a second during the run (load divided by this host's {context.Cores} cores).");
        context.Table(
            [
                new("Node", 1.8f), new("Scraped", 1, CellAlign.Right), new("Scrape rate", 1.4f, CellAlign.Right),
                new("Generated", 1, CellAlign.Right), new("Generate rate", 1.4f, CellAlign.Right),
                new("CPU (cores)", 0.9f, CellAlign.Right), new("Load per core", 0.8f, CellAlign.Right), new("Peak RSS", 0.9f, CellAlign.Right),
            ],
            nodes.Select(n => (IReadOnlyList<string>)
            [
                n.Name, Count(n.Scraped), RowsPerMinute(n.ScrapeRowsPerMinute), Count(n.Generated), RowsPerMinute(n.GenerateRowsPerMinute),
                Number(n.ProcessCpuCores), Number(n.Load1 / context.Cores), Bytes(n.PeakRssBytes),
            ]));
        if (nodes.Any(n => n.Samples == 0))
        {
            context.Paragraph("A node without host figures took no samples during the run: the run was stored before every node recorded " +
                              "its own, or the node worked only in the run's first seconds, before it noticed the run (nodes look every few seconds).");
        }
    }
}
