using System.Diagnostics.Metrics;
using Appliance.Telemetry;

namespace Appliance.Pipeline;

/// <summary>
/// Who this node is and its share of the work, for several nodes sharing the queues: <c>appliance_node_info{node}</c>
/// (always 1, the Prometheus "info" idiom) and <c>appliance_node_items_total{node,stage}</c>, the items this node
/// finished, all outcomes. Summed over nodes, the second is the cluster's throughput; each node's part is its share.
/// </summary>
public sealed class NodeMetrics : IBackgroundReading
{
    private static readonly string[] Stages = [PipelineMetrics.Ingest, PipelineMetrics.Scrape, PipelineMetrics.Generate];

    public NodeMetrics(NodeIdentity node, PipelineMetrics pipeline, TelemetryMeters meters)
    {
        var label = new KeyValuePair<string, object?>("node", node.Name);
        meters.Pipeline.CreateObservableGauge("appliance_node_info", () => new Measurement<long>(1, label), null,
            "This appliance node (Node:Name); always 1.");
        meters.Pipeline.CreateObservableCounter("appliance_node_items", () => Stages.Select(stage =>
                new Measurement<long>(pipeline.Read(stage).Completed, label, new KeyValuePair<string, object?>("stage", stage))),
            null, "Items this node finished, per stage, all outcomes: its share of the work when several nodes share the queues.");
    }

    /// <summary>Nothing to read: its instruments observe the pipeline's own totals (resolving it published them).</summary>
    public Task RefreshAsync(CancellationToken ct) => Task.CompletedTask;
}
