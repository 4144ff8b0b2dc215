namespace Appliance.Reports.Capacity;

/// <summary>Resources N rows need, from a run's per-row costs: CPU, memory at a concurrency, database, network, tokens and their cost.</summary>
public sealed record ResourceEstimate(
    long Rows, double CpuCoreSeconds, double MemoryBytes, double DatabaseBytes, double TableBytes, double IndexBytes,
    double DownloadBytes, double PromptTokens, double CompletionTokens, double? Cost, string? Currency)
{
    public double CpuCoreHours => CpuCoreSeconds / 3600;

    public double Tokens => PromptTokens + CompletionTokens;

    /// <summary>Items in flight the memory figure is for, and the model it comes from (base + bytes per item in flight).</summary>
    public double InFlight { get; init; }

    public MemoryModel? Memory { get; init; }

    public double CpuCoreSecondsPerRow => Rows > 0 ? CpuCoreSeconds / Rows : 0;

    /// <param name="inFlight">Items in flight at once (scrape + generate concurrency), for memory.</param>
    /// <param name="price">Optional token price; <see cref="Cost"/> is null without one.</param>
    public static ResourceEstimate For(long rows, PerRowCosts perRow, double inFlight, TokenPrice? price = null)
    {
        if (rows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "Rows cannot be negative.");
        }

        var table = perRow.TableBytes * rows;
        var index = perRow.IndexBytes * rows;
        var prompt = perRow.PromptTokens * rows;
        var completion = perRow.CompletionTokens * rows;
        double? cost = price is null ? null : (prompt * price.PromptPerMillion + completion * price.CompletionPerMillion) / 1e6;
        return new ResourceEstimate(rows, perRow.CpuCoreSeconds * rows, perRow.Memory.BytesAt(inFlight), table + index, table, index,
            perRow.DownloadBytes * rows, prompt, completion, cost, price?.Currency)
        {
            InFlight = inFlight,
            Memory = perRow.Memory,
        };
    }
}
