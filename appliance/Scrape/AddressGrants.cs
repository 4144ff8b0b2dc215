namespace Appliance.Scrape;

/// <summary>
/// Networks the SSRF policy lets through for a while, beside <c>Scrape:AllowedNetworks</c>: a lab run started over the
/// API grants its lab's loopback port for as long as the run lasts, and nothing else.
/// </summary>
public sealed class AddressGrants
{
    private readonly Lock _gate = new();
    private AllowedNetwork[] _current = [];

    public IReadOnlyCollection<AllowedNetwork> Current => Volatile.Read(ref _current);

    /// <summary>Lets <paramref name="network"/> through until the returned handle is disposed.</summary>
    public IDisposable Grant(AllowedNetwork network)
    {
        lock (_gate)
        {
            _current = [.. _current, network];
        }

        return new Revocation(this, network);
    }

    private void Revoke(AllowedNetwork network)
    {
        lock (_gate)
        {
            var list = _current.ToList();
            list.Remove(network);
            _current = [.. list];
        }
    }

    private sealed class Revocation(AddressGrants owner, AllowedNetwork network) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Revoke(network);
            }
        }
    }
}
