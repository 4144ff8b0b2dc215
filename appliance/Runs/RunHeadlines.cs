using System.Collections.Concurrent;
using Appliance.Reports.Capacity;
using Dapper;
using Npgsql;

namespace Appliance.Runs;

/// <summary>A finished run's headline for the runs list: the projected time for 500,000 rows with its interval, and the bottleneck.</summary>
public sealed record RunHeadline(long Rows, double Seconds, double LowSeconds, double HighSeconds, string Bottleneck);

/// <summary>
/// Headlines of finished runs, projected once and kept until a newer sweep changes what the model prices concurrency from;
/// the runs list is polled every few seconds while a run is in progress. A run the model cannot project has none.
/// </summary>
public sealed class RunHeadlines(CapacityInputs inputs, NpgsqlDataSource dataSource)
{
    private readonly ConcurrentDictionary<(long Run, long? Sweep), RunHeadline?> _cache = new();

    public async Task<IReadOnlyDictionary<long, RunHeadline?>> ForAsync(IEnumerable<RunRecord> runs, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var sweep = await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(id) FROM runs WHERE kind = 'sweep' AND state = 'finished'", cancellationToken: ct));
        var headlines = new Dictionary<long, RunHeadline?>();
        foreach (var run in runs.Where(r => r is { Kind: "run", State: "finished", Summary: not null }))
        {
            if (!_cache.TryGetValue((run.Id, sweep), out var headline))
            {
                headline = await ProjectAsync(run.Id, ct);
                _cache[(run.Id, sweep)] = headline;
            }

            headlines[run.Id] = headline;
        }

        return headlines;
    }

    private async Task<RunHeadline?> ProjectAsync(long runId, CancellationToken ct)
    {
        try
        {
            var p = CapacityProjector.Project((await inputs.LoadAsync(runId, ct)).Projection, RunReport.ProjectedRows);
            return new RunHeadline(p.Rows, Math.Round(p.SecondsExpected), Math.Round(p.SecondsLow), Math.Round(p.SecondsHigh), p.Bottleneck);
        }
        catch (ProjectionException)
        {
            return null;
        }
    }
}
