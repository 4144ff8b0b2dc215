using Appliance.Lab;

namespace Appliance.Tests.Lab;

public class LabFaultMixTests
{
    private const int Sites = 20_000;

    [Fact]
    public void DefaultMix_MatchesTheConfiguredRates_Over20000Sites()
    {
        var options = new LabOptions();
        var counts = Count(options);

        foreach (var (fault, rate) in options.FaultRates())
        {
            AssertNear(rate, counts.GetValueOrDefault(fault), fault);
        }

        AssertNear(1 - options.FaultRates().Sum(f => f.Rate), counts[LabFault.None], LabFault.None);
    }

    [Fact]
    public void CustomMix_IsHonoured()
    {
        var options = new LabOptions
        {
            NotFoundRate = 0.25, ServerErrorRate = 0, RedirectChainRate = 0, RedirectLoopRate = 0.10, HangRate = 0, SlowDripRate = 0,
            NotHtmlRate = 0, HugePageRate = 0, GzipBombRate = 0, ResetRate = 0.05, RobotsDisallowRate = 0,
        };
        var counts = Count(options);

        AssertNear(0.25, counts[LabFault.NotFound], LabFault.NotFound);
        AssertNear(0.10, counts[LabFault.RedirectLoop], LabFault.RedirectLoop);
        AssertNear(0.05, counts[LabFault.Reset], LabFault.Reset);
        Assert.Equal(Sites, counts[LabFault.NotFound] + counts[LabFault.RedirectLoop] + counts[LabFault.Reset] + counts[LabFault.None]);
    }

    [Fact]
    public void FaultsOff_EverySiteIsHealthy()
    {
        var counts = Count(new LabOptions { Faults = false });

        Assert.Equal(Sites, counts[LabFault.None]);
    }

    [Fact]
    public void EachFault_HasTheReasonCodeOfTheIssue()
    {
        var options = new LabOptions { PlainHttp = true };
        var reasons = Enumerable.Range(0, Sites).Select(i => LabWeb.Truth(42, i, options))
            .GroupBy(t => t.Fault).ToDictionary(g => g.Key, g => g.Select(t => (t.ExpectedStatus, t.FailureReason, t.HttpStatus)).Distinct().Single());

        Assert.Equal(("done", null, 200), reasons[LabFault.None]);
        Assert.Equal(("done", null, 200), reasons[LabFault.RedirectChain]);
        Assert.Equal(("done", null, 200), reasons[LabFault.HugePage]);
        Assert.Equal(("failed", "http_4xx", 404), reasons[LabFault.NotFound]);
        Assert.Equal(("failed", "http_5xx", 500), reasons[LabFault.ServerError]);
        Assert.Equal(("failed", "redirect_loop", null), reasons[LabFault.RedirectLoop]);
        Assert.Equal(("failed", "timeout", null), reasons[LabFault.Hang]);
        Assert.Equal(("failed", "timeout", 200), reasons[LabFault.SlowDrip]);
        Assert.Equal(("failed", "not_html", 200), reasons[LabFault.NotHtml]);
        Assert.Equal(("failed", "too_large", 200), reasons[LabFault.GzipBomb]);
        Assert.Equal(("failed", "reset", null), reasons[LabFault.Reset]);
        Assert.Equal(("failed", "robots", null), reasons[LabFault.Robots]);
    }

    [Fact]
    public void NetworkFaults_OverHttpsByName_MatchTheirRates_AndLeaveTheHttpMixAlone()
    {
        var options = new LabOptions { DnsPrivateAddressRate = 0.01 };
        var counts = Enumerable.Range(0, Sites).GroupBy(i => LabWeb.Truth(42, i, options).Fault).ToDictionary(g => g.Key, g => g.Count());

        foreach (var (fault, rate) in options.NetFaultRates())
        {
            AssertNear(rate, counts.GetValueOrDefault(fault), fault);
        }

        // The DNS and TLS faults come from their own draw: the HTTP fault of every site is the one plain HTTP meets.
        var plain = new LabOptions { DnsPrivateAddressRate = 0.01, PlainHttp = true };
        var moved = Enumerable.Range(0, Sites).Count(i => LabWeb.Truth(42, i, options) is var t && !t.Fault.StartsWith("dns_") && !t.Fault.StartsWith("tls_")
            && t.Fault != LabWeb.Truth(42, i, plain).Fault);
        Assert.Equal(0, moved);
    }

    [Fact]
    public void EachNetworkFault_HasTheReasonCodeOfTheIssue()
    {
        var options = new LabOptions { DnsPrivateAddressRate = 0.01 };
        var reasons = Enumerable.Range(0, Sites).Select(i => LabWeb.Truth(42, i, options))
            .GroupBy(t => t.Fault).ToDictionary(g => g.Key, g => g.Select(t => (t.ExpectedStatus, t.FailureReason, t.HttpStatus)).Distinct().Single());

        Assert.Equal(("failed", "dns_nxdomain", null), reasons[LabNetFault.DnsNxdomain]);
        Assert.Equal(("failed", "dns_servfail", null), reasons[LabNetFault.DnsServfail]);
        Assert.Equal(("failed", "dns_timeout", null), reasons[LabNetFault.DnsTimeout]);
        Assert.Equal(("failed", "blocked_address", null), reasons[LabNetFault.DnsPrivateAddress]);
        Assert.Equal(("failed", "tls_expired", null), reasons[LabNetFault.TlsExpired]);
        Assert.Equal(("failed", "tls_name_mismatch", null), reasons[LabNetFault.TlsWrongName]);
        Assert.Equal(("failed", "tls_untrusted", null), reasons[LabNetFault.TlsSelfSigned]);
        Assert.Equal(("failed", "tls_handshake_timeout", null), reasons[LabNetFault.TlsStall]);
        Assert.Equal(("failed", "tls_protocol", null), reasons[LabNetFault.TlsOldProtocol]);
    }

    /// <summary>The HTTP faults as plain HTTP meets them (over HTTPS by name, a DNS or TLS fault comes first).</summary>
    private static Dictionary<string, int> Count(LabOptions options)
    {
        options.PlainHttp = true;
        return Enumerable.Range(0, Sites).GroupBy(i => LabWeb.Truth(42, i, options).Fault).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Within four binomial standard deviations (plus one site): a real skew fails, chance does not.</summary>
    private static void AssertNear(double rate, int count, string fault)
    {
        var expected = Sites * rate;
        var tolerance = 4 * Math.Sqrt(Sites * rate * (1 - rate)) + 1;
        Assert.True(Math.Abs(count - expected) <= tolerance, $"{fault}: {count} sites, expected {expected:0} ± {tolerance:0}");
    }
}
