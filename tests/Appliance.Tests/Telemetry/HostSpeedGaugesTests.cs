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
    }
}
