using Appliance.Scrape;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Tests.Scrape;

public class HostPacerTests
{
    [Fact]
    public async Task SecondRequestToOneHost_WaitsForTheDelay_OtherHostsDoNot()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var pacer = new HostPacer(TimeSpan.FromSeconds(2), time);

        await pacer.WaitTurnAsync("a.example", CancellationToken.None);
        var second = pacer.WaitTurnAsync("a.example", CancellationToken.None);
        await pacer.WaitTurnAsync("b.example", CancellationToken.None);

        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
