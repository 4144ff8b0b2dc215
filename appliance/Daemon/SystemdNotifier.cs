using System.Globalization;
using Appliance.Pipeline;
using Hangfire;

namespace Appliance.Daemon;

/// <summary>
/// Speaks sd_notify for <c>Type=notify</c>: <c>READY=1</c> once the host has started (migrations ran and recovery
/// queued the unfinished work before that) and PostgreSQL answers; <c>WATCHDOG=1</c> every half
/// <c>WATCHDOG_USEC</c>, but only while <see cref="LivenessCheck"/> passes, so systemd restarts a daemon that is up
/// but cannot work; <c>STATUS=</c> lines with the pipeline's progress; <c>STOPPING=1</c> when the stop begins.
/// </summary>
public sealed class SystemdNotifier(SdNotify notify, LivenessCheck liveness, IHostApplicationLifetime lifetime, JobStorage jobs,
    ScrapeLimiter scrapeLimiter, GenerateLimiter generateLimiter, TimeProvider time, ILogger<SystemdNotifier> logger,
    NodeIdentity node) : BackgroundService
{
    private static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notify.Enabled)
        {
            return;
        }

        lifetime.ApplicationStopping.Register(() => notify.Send("STOPPING=1\nSTATUS=Stopping: chunks in flight finish or go back to pending"));
        if (!await WaitForStartedAsync(stoppingToken))
        {
            return;
        }

        while (await liveness.FailureAsync(CheckTimeout, stoppingToken) is { } failure)
        {
            notify.Send($"STATUS=Waiting: {failure}");
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
        }

        notify.Send($"READY=1\nSTATUS={Progress()}\nMAINPID={Environment.ProcessId}");
        logger.LogInformation("Ready: told systemd (READY=1)");

        var watchdog = SdNotify.WatchdogInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"),
            Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);
        var tick = watchdog is { } w ? w / 2 : StatusEvery;
        var lastStatus = time.GetTimestamp();
        var wasFailing = false;
        using var timer = new PeriodicTimer(tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (watchdog is { } interval)
            {
                var failure = await liveness.FailureAsync(Min(CheckTimeout, interval / 3), stoppingToken);
                if (failure is null)
                {
                    notify.Send("WATCHDOG=1");
                }
                else
                {
                    notify.Send($"STATUS=Watchdog withheld: {failure}");
                    lastStatus = time.GetTimestamp();
                }

                if ((failure is not null) != wasFailing)
                {
                    wasFailing = failure is not null;
                    if (wasFailing)
                    {
                        logger.LogWarning("Liveness check failed, withholding the watchdog ping: {Failure}", failure);
                    }
                    else
                    {
                        logger.LogInformation("Liveness check passes again");
                    }
                }
            }

            if (!wasFailing && time.GetElapsedTime(lastStatus) >= StatusEvery)
            {
                notify.Send($"STATUS={Progress()}");
                lastStatus = time.GetTimestamp();
            }
        }
    }

    /// <summary>One line for <c>systemctl status</c>: chunks queued and items in flight per stage (no database query).</summary>
    private string Progress()
    {
        var monitor = jobs.GetMonitoringApi();
        return string.Create(CultureInfo.InvariantCulture,
            $"Running: ingest {monitor.EnqueuedCount(node.IngestQueue)} queued; scrape {monitor.EnqueuedCount(Queues.Scraping)} chunks queued, {scrapeLimiter.InFlight} sites in flight; generate {monitor.EnqueuedCount(Queues.AiProcessing)} chunks queued, {generateLimiter.InFlight} messages in flight; {monitor.ProcessingCount()} jobs running");
    }

    private async Task<bool> WaitForStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var __ = ct.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
