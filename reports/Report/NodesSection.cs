using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>
/// Part of section 4: the nodes that did the run's work, each one's rows and rate per stage, and its host figures where
/// it took samples (the node that ran the measured run records them; other nodes' hosts are on their own /metrics).
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
            ? $"One node, {nodes[0].Name}, did all the work."
            : $"{nodes.Count} nodes shared one database and one set of queues. Rows per minute are each node's over its own span, from its first row to its last; " +
              "host figures are from the samples a node recorded (only the node running the measured run records them).");
        context.Table(
            [
                new("Node", 1.8f), new("Scraped", 1, CellAlign.Right), new("Scrape rate", 1.4f, CellAlign.Right),
                new("Generated", 1, CellAlign.Right), new("Generate rate", 1.4f, CellAlign.Right),
                new("CPU (cores)", 0.9f, CellAlign.Right), new("Load 1m", 0.8f, CellAlign.Right), new("Peak RSS", 0.9f, CellAlign.Right),
            ],
            nodes.Select(n =>
            {
                var own = context.Input.Samples.Where(s => s.Node == n.Name).ToList();
                return (IReadOnlyList<string>)
                [
                    n.Name, Count(n.Scraped), RowsPerMinute(n.ScrapeRowsPerMinute), Count(n.Generated), RowsPerMinute(n.GenerateRowsPerMinute),
                    Number(Mean(own.Select(s => s.ProcessCpuCores))), Number(Mean(own.Select(s => s.Load1))),
                    own.Count == 0 ? Missing : Bytes(own.Max(s => s.ProcessRssBytes)),
                ];
            }));
    }

    static double? Mean(IEnumerable<double?> values)
    {
        var known = values.OfType<double>().ToList();
        return known.Count == 0 ? null : known.Average();
    }
}
