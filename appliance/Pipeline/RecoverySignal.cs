using Appliance.Storage;

namespace Appliance.Pipeline;

/// <summary>
/// Raised when work may have been orphaned while the daemon runs — a chunk job failed, PostgreSQL went away —
/// so <see cref="RecoveryService"/> checks the tables again once the queues are idle. Unraised, it costs nothing.
/// </summary>
public sealed class RecoverySignal
{
    private int _raised;

    public RecoverySignal(DatabaseRetry retry)
    {
        retry.Outage += Raise;
    }

    public bool IsRaised => Volatile.Read(ref _raised) == 1;

    public void Raise() => Volatile.Write(ref _raised, 1);

    /// <summary>Takes the signal; a recovery that then fails raises it again.</summary>
    public bool TryConsume() => Interlocked.Exchange(ref _raised, 0) == 1;
}
