using System.Diagnostics.Metrics;
using Appliance.Telemetry;
using Hangfire;

namespace Appliance.Pipeline;

/// <summary>
/// Jobs waiting in each Hangfire queue, read in the background by <see cref="TelemetryRefresher"/> (the PostgreSQL storage
/// answers with a query) and reported from the cache as <c>appliance_queue_depth{queue}</c>.
/// </summary>
public sealed class QueueDepths : IBackgroundReading
{
    private readonly JobStorage _storage;
    private readonly NodeIdentity _node;
    private volatile IReadOnlyList<(string Queue, long Depth)> _last = [];

    public QueueDepths(JobStorage storage, TelemetryMeters meters, NodeIdentity node)
    {
        _storage = storage;
        _node = node;
        meters.Pipeline.CreateObservableGauge("appliance_queue_depth", Observe, null, "Jobs enqueued and not yet started, per Hangfire queue.");
    }

    public Task RefreshAsync(CancellationToken ct)
    {
        var monitoring = _storage.GetMonitoringApi();
        // With shared queues the ingest queue is this node's own (file_processing_<node>); it keeps its plain label.
        _last = Queues.All.Select(q => (q, monitoring.EnqueuedCount(q == Queues.FileProcessing ? _node.IngestQueue : q))).ToList();
        return Task.CompletedTask;
    }

    private IEnumerable<Measurement<long>> Observe() =>
        _last.Select(q => new Measurement<long>(q.Depth, new KeyValuePair<string, object?>("queue", q.Queue)));
}
