namespace Appliance.Pipeline;

/// <summary>
/// What every chunk job does around its work: a stop (SIGTERM) cancels it at once, and its claimed rows go back to
/// pending within the stop timeout — not a failure; any other failure raises <see cref="RecoverySignal"/>, because the
/// job's retry may come too late or never, and recovery re-queues what the table says is unfinished.
/// </summary>
public sealed class JobLifetime(IHostApplicationLifetime lifetime, RecoverySignal recovery)
{
    /// <returns>True when the work finished; false when the daemon's stop ended it.</returns>
    public async Task<bool> RunAsync(Func<CancellationToken, Task> work, CancellationToken jobToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(jobToken, lifetime.ApplicationStopping);
        try
        {
            await work(stop.Token);
            return true;
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception) when (!stop.Token.IsCancellationRequested)
        {
            recovery.Raise();
            throw;
        }
    }
}
