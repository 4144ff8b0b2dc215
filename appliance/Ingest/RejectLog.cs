namespace Appliance.Ingest;

/// <summary>Rejected rows of one upload: every one counted by reason, the first few thousand kept with their excerpt.</summary>
public sealed class RejectLog(int maxStored)
{
    public sealed record Entry(int RowNumber, RowProblem Problem, string Excerpt);

    private readonly List<Entry> _stored = [];
    private readonly Dictionary<string, int> _byReason = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public IReadOnlyList<Entry> Stored => _stored;

    public IReadOnlyDictionary<string, int> ByReason => _byReason;

    public void Add(int rowNumber, RowProblem problem, string excerpt)
    {
        Count++;
        _byReason[problem.Reason] = _byReason.GetValueOrDefault(problem.Reason) + 1;
        if (_stored.Count < maxStored)
        {
            _stored.Add(new Entry(rowNumber, problem, excerpt));
        }
    }
}
