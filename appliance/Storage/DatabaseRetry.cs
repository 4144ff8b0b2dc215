using System.Net.Sockets;
using Npgsql;

namespace Appliance.Storage;

/// <summary>
/// Runs a pipeline query again while PostgreSQL is unavailable (restarting, refusing connections, a dropped
/// socket), so a stage pauses through an outage instead of failing its chunks. The statements it wraps are
/// idempotent: claims skip rows already taken, result writes only touch rows still claimed, messages are
/// inserted <c>ON CONFLICT DO NOTHING</c>. Other errors pass straight through.
/// </summary>
public sealed class DatabaseRetry(ILogger<DatabaseRetry> logger, TimeProvider time)
{
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WarnEvery = TimeSpan.FromSeconds(30);
    private long _lastWarning = long.MinValue;

    /// <summary>Raised on every failed attempt: recovery looks for orphaned claims once the work settles.</summary>
    public event Action? Outage;

    public async Task<T> RunAsync<T>(Func<Task<T>> action, CancellationToken ct, TimeSpan? maxWait = null)
    {
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                return await action();
            }
            catch (Exception e) when (IsUnavailable(e) && !ct.IsCancellationRequested && time.GetElapsedTime(started) < (maxWait ?? DefaultMaxWait))
            {
                Outage?.Invoke();
                Warn(e);
                await Task.Delay(delay, time, ct);
                delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
            }
        }
    }

    /// <summary>Errors that say "the server is not there right now", not "the statement is wrong".</summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        // admin_shutdown, crash_shutdown, cannot_connect_now: a restart in progress.
        PostgresException p => p.SqlState is "57P01" or "57P02" or "57P03" || p.IsTransient,
        NpgsqlException n => n.IsTransient || n.InnerException is SocketException or IOException or TimeoutException,
        _ => false,
    };

    private void Warn(Exception e)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastWarning);
        if ((last == long.MinValue || time.GetElapsedTime(last, now) >= WarnEvery) && Interlocked.CompareExchange(ref _lastWarning, now, last) == last)
        {
            // One line, no stack trace: an outage is an expected condition with a known remedy.
            logger.LogWarning("PostgreSQL is unavailable ({Reason}); the pipeline stages wait for it", e.Message);
        }
    }
}
