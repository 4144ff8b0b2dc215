using System.Net;

namespace Appliance.Lab;

/// <summary>
/// What the lab's DNS server answers for a name, from (seed, site index, options) alone: a site's www name
/// (and the hops of its CNAME chain) resolve to its 127.x address, or one or two addresses, or fail the way
/// its <see cref="LabNetFault"/> says; every other name is NXDOMAIN. The ground truth of each is
/// <see cref="LabWeb.Truth"/>.
/// </summary>
internal static class LabDnsZone
{
    public const uint Ttl = 300;
    public const uint NegativeTtl = 60;

    /// <summary>The answer: its response code and records, whether it carries an SOA, or Drop for a resolver that never answers.</summary>
    public sealed record Reply(int Rcode, IReadOnlyList<LabDnsMessage.Record> Records, bool Negative, bool Drop = false);

    public static Reply Answer(string name, ushort type, LabOptions options)
    {
        if (!LabNames.TryParse(name, options.Seed, out var index, out var hop))
        {
            return new Reply(LabDnsMessage.NxDomain, [], true);
        }

        var site = LabSite.Create(options.Seed, index, options);
        if (hop > 0 && site.DnsShape != LabDnsShape.CnameChain)
        {
            return new Reply(LabDnsMessage.NxDomain, [], true);
        }

        switch (options.Faults ? site.NetFault : LabNetFault.None)
        {
            case LabNetFault.DnsNxdomain:
                return new Reply(LabDnsMessage.NxDomain, [], true);
            case LabNetFault.DnsServfail:
                return new Reply(LabDnsMessage.ServFail, [], false);
            case LabNetFault.DnsTimeout:
                return new Reply(0, [], false, Drop: true);
            case LabNetFault.DnsPrivateAddress:
                return Addresses(name, type, [new IPAddress(new byte[] { 10, (byte)(index >> 16), (byte)(index >> 8), (byte)index })]);
        }

        var address = LabAddresses.ForSite(index);
        var records = new List<LabDnsMessage.Record>();
        var owner = name;
        if (site.DnsShape == LabDnsShape.CnameChain)
        {
            if (hop == 0)
            {
                records.Add(new(owner, LabDnsMessage.TypeCname, Ttl, Target: LabNames.EdgeName(index)));
                owner = LabNames.EdgeName(index);
            }

            if (hop <= 1)
            {
                records.Add(new(owner, LabDnsMessage.TypeCname, Ttl, Target: LabNames.OriginName(index)));
                owner = LabNames.OriginName(index);
            }
        }

        // A second address outside the site range: the lab finds the site by its name there (Host, SNI).
        IPAddress[] all = site.DnsShape == LabDnsShape.SeveralA
            ? [new IPAddress(new byte[] { 127, 15, (byte)(index >> 8), (byte)index }), address]
            : [address];
        var reply = Addresses(owner, type, all);
        return reply with { Records = [.. records, .. reply.Records] };
    }

    private static Reply Addresses(string owner, ushort type, IPAddress[] addresses) => type switch
    {
        LabDnsMessage.TypeA => new Reply(LabDnsMessage.NoError, [.. addresses.Select(a => new LabDnsMessage.Record(owner, LabDnsMessage.TypeA, Ttl, a))], false),
        // No lab site has an IPv6 address: an empty answer with the SOA (NODATA), as a real zone gives.
        _ => new Reply(LabDnsMessage.NoError, [], true),
    };
}
