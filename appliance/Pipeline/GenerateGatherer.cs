namespace Appliance.Pipeline;

/// <summary>
/// Gathers the ids a scrape chunk stored and queues a generate chunk for their id range every <see cref="Rows"/> rows or
/// <see cref="Every"/>, so generate starts while the scrape chunk still waits for its slowest sites (timeouts).
/// </summary>
public sealed class GenerateGatherer(HandOff handOff, long uploadId, TimeProvider time)
{
    public const int Rows = 250;
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private long _from = long.MaxValue;
    private long _to = long.MinValue;
    private int _count;
    private long _since = time.GetTimestamp();

    public void Add(IReadOnlyList<long> ids)
    {
        IdRange? ready = null;
        lock (_gate)
        {
            foreach (var id in ids)
            {
                _from = Math.Min(_from, id);
                _to = Math.Max(_to, id);
            }

            _count += ids.Count;
            if (_count >= Rows || (_count > 0 && time.GetElapsedTime(_since) >= Every))
            {
                ready = new IdRange(_from, _to);
                (_from, _to, _count, _since) = (long.MaxValue, long.MinValue, 0, time.GetTimestamp());
            }
        }

        if (ready is not null)
        {
            handOff.Generate(uploadId, ready);
        }
    }
}
