using Appliance.Storage;

namespace Appliance.Tests.Storage;

public class StateDirectoryTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        key => vars.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void SystemdStateDirectory_WinsAndTheFirstOfAListIsUsed() =>
        Assert.Equal("/var/lib/appliance-a", StateDirectory.Resolve(Env(("STATE_DIRECTORY", "/var/lib/appliance-a:/var/lib/other"), ("HOME", "/home/u")), isRoot: false));

    [Fact]
    public void User_GetsTheXdgStateHome() =>
        Assert.Equal("/home/u/.local/state/appliance", StateDirectory.Resolve(Env(("HOME", "/home/u")), isRoot: false));

    [Fact]
    public void Root_WithoutSystemd_UsesVarLib() =>
        Assert.Equal("/var/lib/appliance", StateDirectory.Resolve(Env(("HOME", "/root")), isRoot: true));

    [Fact]
    public void NoHome_UsesVarLib() =>
        Assert.Equal("/var/lib/appliance", StateDirectory.Resolve(Env(), isRoot: false));
}
