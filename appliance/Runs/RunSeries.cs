namespace Appliance.Runs;

/// <summary>
/// A run's samples from several nodes (each records its own while a run is active) as one series on the clock of the
/// node that measured it. Its host, process and database figures stay its own — one host's series, which is what the
/// report's charts and the model's CPU, memory and database figures mean — while the items completed in each of its
/// intervals become every node's, the run's whole throughput. Another node's sample counts in the measuring node's
/// interval that contains it; the first interval takes anything earlier and the last anything later, so no completion
/// is lost or counted twice.
/// </summary>
public static class RunSeries
{
    /// <param name="samples">One run's samples, ordered by time.</param>
    /// <param name="owner">The node that measured the run; null (runs stored before runs named their node): every sample is its own.</param>
    /// <param name="node">The node a sample names.</param>
    /// <param name="addCompletions">The first sample with the second's completions added to its own.</param>
    public static List<T> OnOwnersClock<T>(IEnumerable<T> samples, string? owner, Func<T, string?> node, Func<T, T, T> addCompletions)
    {
        var series = new List<T>();
        var others = new List<T>();
        foreach (var sample in samples)
        {
            if (owner is not null && node(sample) != owner)
            {
                others.Add(sample);
                continue;
            }

            series.Add(others.Aggregate(sample, addCompletions));
            others.Clear();
        }

        if (series.Count > 0)
        {
            series[^1] = others.Aggregate(series[^1], addCompletions);
        }

        return series;
    }
}
