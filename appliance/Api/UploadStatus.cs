namespace Appliance.Api;

/// <summary>An upload as <c>GET /api/uploads/{id}</c> shows it.</summary>
public sealed record UploadStatus(
    long Id, string FileName, long SizeBytes, string? Format, string State, int RowsAccepted, int RowsRejected, string? Error,
    DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt)
{
    public ScrapeProgress? Scrape { get; init; }
}

/// <summary>The scrape stage's progress for one upload: rows by state, failures by reason.</summary>
public sealed record ScrapeProgress(long Pending, long Fetching, long Done, long Failed, IReadOnlyDictionary<string, long> FailuresByReason)
{
    /// <summary>From counts grouped by status and reason, and possibly by more (a reason may come in several groups).</summary>
    public static ScrapeProgress From(IEnumerable<(string Status, string? Reason, long Count)> counts)
    {
        var list = counts.ToList();
        long Sum(string status) => list.Where(c => c.Status == status).Sum(c => c.Count);
        return new ScrapeProgress(Sum("pending"), Sum("fetching"), Sum("done"), Sum("failed"),
            list.Where(c => c.Status == "failed" && c.Reason is not null).GroupBy(c => c.Reason!).ToDictionary(g => g.Key, g => g.Sum(c => c.Count)));
    }
}

/// <summary>One rejected row as <c>GET /api/uploads/{id}/rejects</c> lists it.</summary>
public sealed record UploadReject(int RowNumber, string Reason, string Detail, string Excerpt);
