using System.Net;
using Appliance.Lab;

namespace Appliance.Tests.Lab;

/// <summary>
/// Added latency goes through the lab's <see cref="TimeProvider"/>; one whose timers throw shows,
/// without any clock, whether a request waited at all.
/// </summary>
public class LabLatencyServerTests
{
    [Fact]
    public async Task ZeroMedian_TakesTheFastPath_WithNoTimerAtAll()
    {
        var options = new LabOptions { Port = 0, LatencyMedianMs = 0, Faults = false, PlainHttp = true };
        await using var lab = await LabServer.StartAsync(options, new NoTimers());
        using var client = new HttpClient();

        using var response = await client.GetAsync(lab.SiteUrl(3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task NonZeroMedian_WaitsOnTheTimeProvider()
    {
        var options = new LabOptions { Port = 0, LatencyMedianMs = 5, LatencyP95Ms = 10, Faults = false, PlainHttp = true };
        await using var lab = await LabServer.StartAsync(options, new NoTimers());
        using var client = new HttpClient();

        using var response = await client.GetAsync(lab.SiteUrl(3));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    private sealed class NoTimers : TimeProvider
    {
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            throw new InvalidOperationException("the lab asked for a timer");
    }
}
