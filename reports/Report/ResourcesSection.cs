using Appliance.Reports.Pdf;
using static Appliance.Reports.Report.ReportFormat;

namespace Appliance.Reports.Report;

/// <summary>Section 6: what N rows will cost, each total next to the measured per-row figure it was scaled from.</summary>
public static class ResourcesSection
{
    public static string Title(ReportInput input) =>
        $"8. Resources for {Count(input.Resources?.Rows ?? input.Projection?.Rows ?? 500_000)} rows";

    static void WriteDisk(ReportContext context, Capacity.ResourceEstimate r)
    {
        if (context.Input.Disk is not { } disk)
        {
            context.Paragraph($"Free disk was not measured, so the {Bytes(r.DatabaseBytes)} PostgreSQL needs for {Count(r.Rows)} rows is not set against it.");
            return;
        }
        var left = disk.FreeBytes - r.DatabaseBytes;
        context.Paragraph($"Free disk: {Bytes(disk.FreeBytes)} of {Bytes(disk.TotalBytes)} at {disk.Path} when this report was written. " +
            $"{Count(r.Rows)} rows need about {Bytes(r.DatabaseBytes)} of PostgreSQL tables and indexes, " +
            (left >= 0 ? $"which fits with {Bytes(left)} to spare ({Percent(r.DatabaseBytes / disk.FreeBytes)} of the free space)." : $"which does not fit: {Bytes(-left)} short."));
    }

    public static void Write(ReportContext context)
    {
        context.Heading1(Title(context.Input));
        if (context.Input.Resources is not { } r)
        {
            context.Paragraph("No resource estimate was computed for this run.");
            return;
        }
        context.Paragraph($"Each total is the per-row cost measured in this run multiplied by {Count(r.Rows)} rows; memory is the appliance's " +
            "resident memory as a base plus a cost per item in flight, fitted over the run's samples, at the run's in-flight limits. A dash means the cost was not measured.");
        var memoryBasis = r.Memory is { } m ? $"{Bytes(m.BaseBytes)} base + {Bytes(m.BytesPerInFlight)} per item in flight" : Missing;
        var memoryLabel = $"Memory at {Count(r.InFlight)} in flight";
        double? PerRow(double total) => r.Rows > 0 ? total / r.Rows : null;
        context.Table(
            [new("Resource", 2f), new("Measured per row", 1.6f, CellAlign.Right), new($"For {Count(r.Rows)} rows", 1.6f, CellAlign.Right)],
            [
                ["CPU", $"{Number(r.CpuCoreSecondsPerRow * 1000)} core-ms", $"{Number(r.CpuCoreHours)} core-hours"],
                [memoryLabel, memoryBasis, Bytes(r.MemoryBytes)],
                ["Storage (PostgreSQL)", Bytes(PerRow(r.DatabaseBytes)), Bytes(r.DatabaseBytes)],
                ["Downloaded (websites)", Bytes(PerRow(r.DownloadBytes)), Bytes(r.DownloadBytes)],
                ["LLM tokens", Number(PerRow(r.Tokens)), Count(r.Tokens)],
                ["Cost", Money(r.Cost is { } cr ? (decimal)(cr / Math.Max(1, r.Rows)) : null, r.Currency), Money(r.Cost is { } c ? (decimal)c : null, r.Currency)],
            ]);
        WriteDisk(context, r);
        if (context.Input.Projection is { } p && p.SecondsExpected > 0)
            context.Paragraph($"Spread over the projected {Duration(p.SecondsExpected)}, this CPU work keeps " +
                $"{Number(r.CpuCoreSeconds / p.SecondsExpected)} of this host's {context.Input.Host.Cores} cores busy on average.");
    }
}
