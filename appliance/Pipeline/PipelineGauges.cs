using Appliance.Telemetry;
using Microsoft.Extensions.Options;

namespace Appliance.Pipeline;

/// <summary>
/// Publishes the pipeline's own gauges — this node (<see cref="NodeMetrics"/>) and its queue depths
/// (<see cref="QueueDepths"/>, re-read every <c>Telemetry:BackgroundRefreshSeconds</c> so scrapes only read a cache).
/// A failed read keeps the previous figures and is logged once per change of state.
/// </summary>
public sealed class PipelineGauges(QueueDepths queues, NodeMetrics node, TimeProvider time, IOptions<TelemetryOptions> options, ILogger<PipelineGauges> logger)
    : BackgroundService
{
    private string? _lastError;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = node; // resolving it publishes its instruments
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.BackgroundRefreshSeconds), time);
        do
        {
            try
            {
                queues.Refresh();
                if (_lastError is not null)
                {
                    logger.LogInformation("Queue depths readable again");
                    _lastError = null;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (_lastError != e.Message)
                {
                    logger.LogWarning("Queue depths not read, keeping the previous figures: {Error}", e.Message);
                    _lastError = e.Message;
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
