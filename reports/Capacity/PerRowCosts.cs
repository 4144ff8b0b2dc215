namespace Appliance.Reports.Capacity;

/// <summary>
/// What one row cost in a measured run (totals ÷ rows), and the process's memory as a base plus a cost per
/// item in flight (<see cref="MemoryModel"/>). PostgreSQL bytes are table and index growth over the run.
/// </summary>
public sealed record PerRowCosts(
    double CpuCoreSeconds, double TableBytes, double IndexBytes, double DownloadBytes,
    double PromptTokens, double CompletionTokens, MemoryModel Memory)
{
    /// <summary>Per-row costs from a run's totals.</summary>
    public static PerRowCosts FromTotals(long rows, double cpuCoreSeconds, long tableBytesGrowth, long indexBytesGrowth,
        long downloadBytes, long promptTokens, long completionTokens, MemoryModel memory)
    {
        if (rows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "Per-row costs need a run with rows.");
        }

        double R(double total) => Math.Max(0, total) / rows;
        return new PerRowCosts(R(cpuCoreSeconds), R(tableBytesGrowth), R(indexBytesGrowth), R(downloadBytes), R(promptTokens), R(completionTokens), memory);
    }
}

/// <summary>A price for LLM tokens, per million, as providers quote them.</summary>
public sealed record TokenPrice(double PromptPerMillion, double CompletionPerMillion, string Currency = "USD");
