using Hangfire.PostgreSql;
using Npgsql;

namespace Appliance.Pipeline;

/// <summary>Hangfire.PostgreSql's connections come from the appliance's own data source: one pool, one configuration (bundled cluster or not).</summary>
public sealed class DataSourceConnections(NpgsqlDataSource db) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => db.CreateConnection();
}
