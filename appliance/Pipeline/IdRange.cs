namespace Appliance.Pipeline;

/// <summary>A chunk: the rows of one upload with ids from <see cref="FromId"/> to <see cref="ToId"/>, both included.</summary>
public sealed record IdRange(long FromId, long ToId)
{
    public static readonly IdRange All = new(0, long.MaxValue);

    /// <summary>Consecutive runs of at most <paramref name="chunk"/> ids per upload, as (upload, range).</summary>
    public static IEnumerable<(long UploadId, IdRange Range)> Chunks(IEnumerable<(long UploadId, long Id)> rows, int chunk) =>
        rows.Distinct()
            .GroupBy(r => r.UploadId)
            .SelectMany(g => g.Select(r => r.Id).Order().Chunk(chunk).Select(ids => (g.Key, new IdRange(ids[0], ids[^1]))));
}
