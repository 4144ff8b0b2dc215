using Appliance.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Tests.Support;

/// <summary>
/// One PostgreSQL cluster for the whole test run, started through the appliance's own
/// bundled-cluster code in a temporary state directory and stopped when the run ends.
/// Fails loudly when the PostgreSQL binaries are missing (scripts/test.sh installs them).
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<BundledPostgres>> Cluster = new(StartAsync);

    public static Task<BundledPostgres> GetAsync() => Cluster.Value;

    private static async Task<BundledPostgres> StartAsync()
    {
        var state = Path.Combine(Path.GetTempPath(), $"appliance-tests-{Environment.ProcessId}");
        var cluster = await BundledPostgres.StartAsync(state, NullLogger.Instance);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
            try
            {
                Directory.Delete(state, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return cluster;
    }
}
