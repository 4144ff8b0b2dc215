using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 6: what N rows will cost, each total next to the measured per-row figure it was scaled from.</summary>
public static class ResourcesSection
{
    public static string Title(ReportInput input) =>
        $"6. Resources for {Count(input.Resources?.Rows ?? input.Projection?.Rows ?? 500_000)} rows";

    public static void Write(ReportContext context)
    {
        context.Heading1(Title(context.Input));
        if (context.Input.Resources is not { } r)
        {
            context.Paragraph("No resource estimate was computed for this run.");
            return;
        }
        context.Paragraph($"Each total is the per-row cost measured in this run multiplied by {Count(r.Rows)} rows; memory is " +
            "the resident memory measured per item in flight, at the recommended concurrency. A dash means the cost was not measured.");
        var memoryBasis = r.MemoryBytesPerInFlightItem is { } perItem ? $"{Bytes(perItem)} per item in flight" : Missing;
        var memoryLabel = r.RecommendedConcurrency is { } n ? $"Memory at concurrency {n}" : "Memory at the recommended concurrency";
        context.Table(
            [new("Resource", 2f), new("Measured per row", 1.6f, CellAlign.Right), new($"For {Count(r.Rows)} rows", 1.6f, CellAlign.Right)],
            [
                ["CPU", r.CpuCoreSecondsPerRow is { } c ? $"{Number(c * 1000)} core-ms" : Missing,
                    r.CpuCoreSecondsTotal is { } ct ? $"{Number(ct / 3600)} core-hours" : Missing],
                [memoryLabel, memoryBasis, Bytes(r.MemoryBytesAtRecommended)],
                ["Storage (PostgreSQL)", Bytes(r.StorageBytesPerRow), Bytes(r.StorageBytesTotal)],
                ["Downloaded (websites)", Bytes(r.DownloadBytesPerRow), Bytes(r.DownloadBytesTotal)],
                ["LLM tokens", Number(r.TokensPerRow), Count(r.TokensTotal)],
                ["Cost", Money(r.CostPerRow, r.Currency), Money(r.CostTotal, r.Currency)],
            ]);
        if (r.CpuCoreSecondsTotal is { } total && context.Input.Projection is { } p && p.SecondsExpected > 0)
            context.Paragraph($"Spread over the projected {Duration(p.SecondsExpected)}, this CPU work keeps " +
                $"{Number(total / p.SecondsExpected)} of this host's {context.Input.Host.Cores} cores busy on average.");
    }
}
