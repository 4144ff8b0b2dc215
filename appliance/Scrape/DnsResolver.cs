using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using Microsoft.Extensions.Options;

namespace Appliance.Scrape;

/// <summary>
/// Names to addresses without a thread per lookup: <c>Dns.GetHostAddressesAsync</c> runs getaddrinfo on a
/// pool thread on Linux (dotnet/runtime#48566), so 512 fetches against a slow resolver would starve the
/// thread pool. Here /etc/hosts answers first; then A goes to the configured resolvers, and AAAA only when the
/// name exists without an A record (DnsClient, UDP with TCP fallback), with a per-try timeout and retries, at most
/// <c>Scrape:DnsConcurrency</c> lookups at once. Answers are cached for their TTL, NXDOMAIN for the SOA's
/// minimum (RFC 2308), timeouts and SERVFAIL briefly; leads on one name share one lookup in flight.
/// </summary>
public sealed class DnsResolver : IDisposable
{
    private static readonly TimeSpan MinPositiveTtl = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxTtl = TimeSpan.FromDays(1);

    private readonly ScrapeOptions _options;
    private readonly LookupClient _client;
    private readonly HostsFile _hosts;
    private readonly SemaphoreSlim _slots;
    private readonly FetchOnceCache<Answer> _cache;
    private long _lookups;

    /// <summary>One name's outcome: its addresses, or the failure reason and detail.</summary>
    private sealed record Answer(IPAddress[] Addresses, string? Reason, string? Detail, TimeSpan Ttl);

    public DnsResolver(IOptions<ScrapeOptions> options)
    {
        _options = options.Value;
        var servers = _options.DnsServers.Select(s => ScrapeOptions.TryParseServer(s, out var e) ? e : throw new ArgumentException($"bad DNS server '{s}'")).ToArray();
        var lookup = servers.Length > 0 ? new LookupClientOptions(servers) : new LookupClientOptions();
        lookup.Timeout = TimeSpan.FromMilliseconds(_options.DnsTimeoutMs);
        lookup.Retries = _options.DnsRetries;
        lookup.UseCache = false;          // ours below: bounded, negative entries, shared lookups in flight
        lookup.ThrowDnsErrors = false;    // NXDOMAIN and SERVFAIL are answers to classify, not exceptions
        lookup.UseTcpFallback = true;
        lookup.ContinueOnDnsError = true; // SERVFAIL from one resolver: ask the next
        _client = new LookupClient(lookup);
        _hosts = HostsFile.Load(_options.HostsFile);
        _slots = new SemaphoreSlim(_options.DnsConcurrency);
        _cache = new FetchOnceCache<Answer>(_options.DnsCacheEntries);
    }

    /// <summary>Queries sent to a resolver so far (cache hits and /etc/hosts answers not counted).</summary>
    public long Lookups => Interlocked.Read(ref _lookups);

    /// <summary>The name's IPv4 addresses, or its IPv6 addresses when it has no IPv4 one; throws <see cref="DnsLookupException"/> when it has none.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        if (_hosts.TryGet(host, out var pinned))
        {
            return pinned;
        }

        var name = host.TrimEnd('.').ToLowerInvariant();
        // The lookup is shared by every lead on this name and bounded by its own timeouts; one caller giving up leaves it running for the others.
        var answer = await _cache.GetAsync(name, LookupAsync, _ => 1, a => a.Ttl).WaitAsync(ct);
        return answer.Reason is null ? answer.Addresses : throw new DnsLookupException(answer.Reason, answer.Detail!);
    }

    private async Task<Answer> LookupAsync(string name)
    {
        await _slots.WaitAsync();
        try
        {
            // AAAA only where it can matter: when the name exists and has no A record (NODATA). A name with IPv4
            // addresses is fetched over IPv4 (the connector tried those first anyway); NXDOMAIN holds for AAAA too;
            // and after a timeout or SERVFAIL a second query to the same failing resolvers would double the wait.
            // An IPv6-only name costs one round trip more. Half the queries (and their CPU, ours and the
            // resolver's) for the usual name.
            var a = await QueryAsync(name, QueryType.A);
            if (a.Addresses.Length > 0)
            {
                return a with { Ttl = Clamp(a.Ttl, MinPositiveTtl) };
            }

            return a.Reason is not null ? a : Combine(name, a, await QueryAsync(name, QueryType.AAAA));
        }
        finally
        {
            _slots.Release();
        }
    }

    private Answer Combine(string name, Answer a, Answer aaaa)
    {
        IPAddress[] addresses = [.. a.Addresses, .. aaaa.Addresses];
        if (addresses.Length > 0)
        {
            return new Answer(addresses, null, null, Clamp(a.Addresses.Length > 0 && aaaa.Addresses.Length > 0 ? Min(a.Ttl, aaaa.Ttl) : a.Addresses.Length > 0 ? a.Ttl : aaaa.Ttl, MinPositiveTtl));
        }

        // The A answer speaks for the name; AAAA's failure matters only when A has nothing to say.
        var failed = a.Reason is not null ? a : aaaa.Reason is not null ? aaaa : null;
        if (failed is not null)
        {
            return failed;
        }

        return new Answer([], FailureReason.Dns, $"{name} has no A or AAAA record", Min(a.Ttl, aaaa.Ttl));
    }

    private async Task<Answer> QueryAsync(string name, QueryType type)
    {
        Interlocked.Increment(ref _lookups);
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type, QueryClass.IN, CancellationToken.None);
        }
        catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
        {
            return Failure(FailureReason.DnsTimeout, $"no DNS answer for {name} within {_options.DnsTimeoutMs} ms × {_options.DnsRetries + 1} tries");
        }
        catch (Exception e) when (e is DnsResponseException or SocketException)
        {
            return Failure(FailureReason.Dns, $"DNS lookup of {name} failed: {e.Message}");
        }

        switch (response.Header.ResponseCode)
        {
            case DnsHeaderResponseCode.NotExistentDomain:
                return new Answer([], FailureReason.DnsNxdomain, $"{name} does not exist (NXDOMAIN)", NegativeTtl(response));
            case DnsHeaderResponseCode.ServerFailure:
                return Failure(FailureReason.DnsServfail, $"the resolver answered SERVFAIL for {name}");
            case not DnsHeaderResponseCode.NoError:
                return Failure(FailureReason.Dns, $"the resolver answered {response.Header.ResponseCode} for {name}");
        }

        // A recursive resolver answers a CNAME chain whole (CNAMEs, then the end's addresses), as getaddrinfo expects too.
        var records = response.Answers;
        IPAddress[] addresses = type == QueryType.A
            ? [.. records.ARecords().Select(r => r.Address)]
            : [.. records.AaaaRecords().Select(r => r.Address).Where(x => x.AddressFamily == AddressFamily.InterNetworkV6)];
        if (addresses.Length == 0)
        {
            return new Answer([], null, null, NegativeTtl(response));
        }

        var ttl = records.Min(r => TimeSpan.FromSeconds(Math.Max(0, r.TimeToLive)));
        return new Answer(addresses, null, null, ttl);
    }

    private Answer Failure(string reason, string detail) => new([], reason, detail, TimeSpan.FromSeconds(_options.DnsFailureCacheSeconds));

    /// <summary>RFC 2308: a negative answer lives for the lesser of the SOA's TTL and its minimum field.</summary>
    private TimeSpan NegativeTtl(IDnsQueryResponse response)
    {
        var soa = response.Authorities.SoaRecords().FirstOrDefault();
        var fallback = TimeSpan.FromSeconds(_options.DnsNegativeCacheSeconds);
        return soa is null ? fallback : Min(fallback, TimeSpan.FromSeconds(Math.Min((long)soa.TimeToLive, soa.Minimum)));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Clamp(TimeSpan ttl, TimeSpan min) => ttl < min ? min : ttl > MaxTtl ? MaxTtl : ttl;

    public void Dispose()
    {
        _cache.Dispose();
        _slots.Dispose();
    }
}
