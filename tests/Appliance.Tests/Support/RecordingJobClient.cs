using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Appliance.Tests.Support;

/// <summary>
/// A Hangfire job client that records what would be enqueued, per queue. Hangfire's real client logs through a
/// process-wide provider that another test's disposed host may have left behind, so tests that only need to see
/// the queued jobs use this.
/// </summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    private readonly List<Job> _jobs = [];

    public IReadOnlyList<Job> Enqueued(string queue)
    {
        lock (_jobs)
        {
            // The [Queue] attribute is applied by a state filter, after the job is created: read it off the method
            // (formatted with the job's arguments, as Hangfire does: the ingest job's queue is its first argument).
            return _jobs.Where(j => (QueueOf(j) ?? j.Queue ?? "default") == queue).ToList();
        }
    }

    public string Create(Job job, IState state)
    {
        lock (_jobs)
        {
            _jobs.Add(job);
            return _jobs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => false;

    private static string? QueueOf(Job job) =>
        job.Method.GetCustomAttributes(typeof(QueueAttribute), true).OfType<QueueAttribute>().FirstOrDefault() is { } attribute
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, attribute.Queue, [.. job.Args])
            : null;
}
