using Appliance.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Tests.Telemetry;

public class HostSpeedGaugesTests
{
    [Fact]
    public async Task TheProbe_RunsAtMostEveryConfiguredSeconds_AndNeverWhenOff()
    {
        using var meters = new TelemetryMeters();
        var time = new FakeTimeProvider();
        var every = new HostSpeedGauges(meters, Options.Create(new TelemetryOptions { HostSpeedProbeSeconds = 60 }), time);
        var off = new HostSpeedGauges(meters, Options.Create(new TelemetryOptions { HostSpeedProbeSeconds = 0 }), time);

        await every.RefreshAsync(CancellationToken.None);
        await off.RefreshAsync(CancellationToken.None);
        var first = every.Latest;
        time.Advance(TimeSpan.FromSeconds(30));
        await every.RefreshAsync(CancellationToken.None);
        var halfway = every.Latest;
        time.Advance(TimeSpan.FromSeconds(30));
        await every.RefreshAsync(CancellationToken.None);

        Assert.NotNull(first);
        Assert.InRange(first!.Value.ComputeMs, 0.5, 1_000);
        Assert.Equal(first, halfway); // the same reading: no probe 30 s after the last
        Assert.NotEqual(first, every.Latest); // a new reading 60 s after the last
        Assert.Null(off.Latest);
        Assert.Null(off.Current(HostSpeedGauges.RecordingSeconds));
    }

    [Fact]
    public async Task WhileRecording_ASampleGetsAReadingAtMostFiveSecondsOld()
    {
        using var meters = new TelemetryMeters();
        var time = new FakeTimeProvider();
        var gauges = new HostSpeedGauges(meters, Options.Create(new TelemetryOptions { HostSpeedProbeSeconds = 60 }), time);
        await gauges.RefreshAsync(CancellationToken.None);
        var idle = gauges.Latest;

        time.Advance(TimeSpan.FromSeconds(2));
        var young = gauges.Current(HostSpeedGauges.RecordingSeconds);
        time.Advance(TimeSpan.FromSeconds(4));
        var fresh = gauges.Current(HostSpeedGauges.RecordingSeconds);

        Assert.Equal(idle, young); // 2 s old: kept
        Assert.NotEqual(idle, fresh); // 6 s old: measured again
        Assert.Equal(fresh, gauges.Latest); // and the gauge shows it
    }
}
