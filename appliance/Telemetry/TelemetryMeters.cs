using System.Diagnostics.Metrics;

namespace Appliance.Telemetry;

/// <summary>
/// The appliance's own meters. The first daemon in a process gets the plain names; another one in
/// the same process (tests, benchmarks) gets numbered names, because an OpenTelemetry meter
/// provider listens to every meter of a name process-wide and would otherwise export both daemons'
/// host series under one name. Meter names never appear in the exposition, so this is invisible there.
/// </summary>
public sealed class TelemetryMeters : IDisposable
{
    public const string HostName = "Appliance.Host";
    public const string PipelineName = "Appliance.Stages"; // not "Appliance.Pipeline": that is a namespace, and the layering test reads string literals too
    public const string DatabaseName = "Appliance.Database";

    private static int _instances;

    public TelemetryMeters()
    {
        var n = Interlocked.Increment(ref _instances);
        var suffix = n == 1 ? "" : $"#{n}";
        Host = new Meter(HostName + suffix);
        Pipeline = new Meter(PipelineName + suffix);
        Database = new Meter(DatabaseName + suffix);
    }

    public Meter Host { get; }

    public Meter Pipeline { get; }

    public Meter Database { get; }

    public IEnumerable<string> Names => [Host.Name, Pipeline.Name, Database.Name];

    public void Dispose()
    {
        Host.Dispose();
        Pipeline.Dispose();
        Database.Dispose();
    }
}
