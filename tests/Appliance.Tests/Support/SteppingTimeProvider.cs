namespace Appliance.Tests.Support;

/// <summary>A clock that moves by <c>step</c> every time it is read: a deadline inside synchronous work passes without any real waiting.</summary>
public sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
}
