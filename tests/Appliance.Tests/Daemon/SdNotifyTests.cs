using Appliance.Daemon;
using Appliance.Tests.Support;

namespace Appliance.Tests.Daemon;

public sealed class SdNotifyTests
{
    [Fact]
    public async Task Send_DeliversOneDatagram_ToTheSocketInNotifySocket()
    {
        using var dir = new TempDirectory();
        using var systemd = new NotifySocket(dir.File("notify"));
        using var notify = new SdNotify(systemd.Path);

        Assert.True(notify.Enabled);
        Assert.True(notify.Send("READY=1\nSTATUS=hello"));

        var message = await systemd.WaitForAsync("READY=1", TimeSpan.FromSeconds(5));
        Assert.Equal("READY=1\nSTATUS=hello", message);
    }

    [Fact]
    public void WithoutNotifySocket_EverySendIsANoOp()
    {
        using var notify = new SdNotify(null);

        Assert.False(notify.Enabled);
        Assert.False(notify.Send("READY=1"));
    }

    [Fact]
    public void Send_ToASocketNobodyListensOn_ReturnsFalse()
    {
        using var dir = new TempDirectory();
        using var notify = new SdNotify(dir.File("gone"));

        Assert.False(notify.Send("WATCHDOG=1"));
    }

    [Theory]
    [InlineData("30000000", null, 30.0)]
    [InlineData("30000000", "4242", 30.0)]   // WATCHDOG_PID names this process
    [InlineData("30000000", "1", null)]      // another process is meant
    [InlineData("0", null, null)]
    [InlineData(null, null, null)]
    [InlineData("soon", null, null)]
    public void WatchdogInterval_FollowsSdWatchdogEnabled(string? usec, string? pid, double? seconds)
    {
        var interval = SdNotify.WatchdogInterval(usec, pid, ownPid: 4242);

        Assert.Equal(seconds, interval?.TotalSeconds);
    }
}
