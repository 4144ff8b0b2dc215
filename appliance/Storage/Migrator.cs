using System.Reflection;
using Dapper;
using Npgsql;

namespace Appliance.Storage;

/// <summary>
/// Applies the embedded <c>Migrations/NNNN_name.sql</c> files in order, each once, recorded in
/// <c>schema_migrations</c>. One transaction under an advisory lock, so processes starting
/// together never apply a migration twice and a failed migration leaves nothing half-done.
/// </summary>
public static class Migrator
{
    private const long AdvisoryLockKey = 0x41_50_50_4C_49_41_4E; // "APPLIAN"

    private const string CreateTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    text PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    public static IReadOnlyList<(string Version, string Sql)> Embedded()
    {
        var assembly = typeof(Migrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n["Migrations.".Length..^".sql".Length], Read(assembly, n)))
            .ToList();
    }

    /// <returns>The versions applied by this call.</returns>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = AdvisoryLockKey }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(CreateTable, transaction: tx, cancellationToken: ct));
        var applied = (await conn.QueryAsync<string>(new CommandDefinition("SELECT version FROM schema_migrations", transaction: tx, cancellationToken: ct))).ToHashSet();

        var done = new List<string>();
        foreach (var (version, sql) in Embedded().Where(m => !applied.Contains(m.Version)))
        {
            logger.LogInformation("Applying migration {Version}", version);
            await conn.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition("INSERT INTO schema_migrations (version) VALUES (@version)", new { version }, tx, cancellationToken: ct));
            done.Add(version);
        }

        await tx.CommitAsync(ct);
        return done;
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
