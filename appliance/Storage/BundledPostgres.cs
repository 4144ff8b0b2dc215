using Npgsql;

namespace Appliance.Storage;

/// <summary>
/// The embedded default database: a private PostgreSQL cluster in the state directory,
/// listening on a Unix socket only (mode 0700), started with the first appliance process
/// that needs it and stopped by the last one to leave.
/// </summary>
/// <remarks>
/// Every process using the cluster holds a shared <c>flock</c> on <c>postgres-users.lock</c>;
/// on exit a process drops its shared lock and stops the cluster only if it can then take the
/// lock exclusively, i.e. no other appliance process is still using it. Start-up is serialised
/// by <c>postgres-init.lock</c>, so two processes never run initdb or pg_ctl start at once.
/// Run as root, the server runs as <see cref="DatabaseUser"/> (PostgreSQL refuses root).
/// </remarks>
public sealed class BundledPostgres : IAsyncDisposable
{
    public const string DatabaseName = "appliance";
    public const string SuperUser = "appliance";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly PostgresBinaries _binaries;
    private readonly string _runAs;
    private readonly ILogger _logger;
    private FileLock? _usersLock;

    private BundledPostgres(string stateDirectory, PostgresBinaries binaries, string runAs, ILogger logger)
    {
        StateDirectory = stateDirectory;
        ClusterDirectory = Path.Combine(stateDirectory, "postgres");
        _binaries = binaries;
        _runAs = runAs;
        _logger = logger;
    }

    public string StateDirectory { get; }
    public string ClusterDirectory { get; }
    public string DataDirectory => Path.Combine(ClusterDirectory, "data");
    public string SocketDirectory => Path.Combine(ClusterDirectory, "run");
    public string LogFile => Path.Combine(ClusterDirectory, "postgres.log");

    /// <summary>The OS user the server runs as: empty when it runs as the current (non-root) user.</summary>
    public string DatabaseUser => _runAs;

    public bool StartedByUs { get; private set; }

    public string ConnectionString(string database = DatabaseName) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDirectory,
        Username = SuperUser,
        Database = database,
        MaxPoolSize = 64,
    }.ConnectionString;

    public static async Task<BundledPostgres> StartAsync(string stateDirectory, ILogger logger, string rootRunsAs = "postgres", CancellationToken ct = default)
    {
        var binaries = PostgresBinaries.Find();
        var isRoot = Environment.UserName == "root";
        var cluster = new BundledPostgres(Path.GetFullPath(stateDirectory), binaries, isRoot ? rootRunsAs : "", logger);
        await cluster.StartCoreAsync(ct);
        return cluster;
    }

    private async Task StartCoreAsync(CancellationToken ct)
    {
        var socket = Path.Combine(SocketDirectory, ".s.PGSQL.5432");
        if (socket.Length > 100)
        {
            throw new StorageStartException($"state directory path is too long for a Unix socket ({socket.Length} > 100 characters): {StateDirectory}");
        }

        Directory.CreateDirectory(StateDirectory);
        using (await FileLock.AcquireAsync(Path.Combine(StateDirectory, "postgres-init.lock"), exclusive: true, CommandTimeout, ct))
        {
            _usersLock = await FileLock.AcquireAsync(Path.Combine(StateDirectory, "postgres-users.lock"), exclusive: false, CommandTimeout, ct);
            if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            {
                await InitDbAsync(ct);
            }

            var status = await PgCtlAsync(ct, "status", "-D", DataDirectory);
            if (status.ExitCode == 0)
            {
                _logger.LogInformation("Reusing the bundled PostgreSQL already running in {DataDirectory}", DataDirectory);
            }
            else
            {
                _logger.LogInformation("Starting the bundled PostgreSQL in {DataDirectory}", DataDirectory);
                var start = await PgCtlAsync(ct, "start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60");
                if (start.ExitCode != 0)
                {
                    throw new StorageStartException($"pg_ctl start failed ({start.ExitCode}): {start.Output}\n{TailOfLog()}");
                }

                StartedByUs = true;
            }
        }

        await EnsureDatabaseAsync(ct);
    }

    private async Task InitDbAsync(CancellationToken ct)
    {
        _logger.LogInformation("Initialising a bundled PostgreSQL cluster in {DataDirectory}", DataDirectory);
        Directory.CreateDirectory(ClusterDirectory);
        Directory.CreateDirectory(SocketDirectory);
        if (_runAs.Length > 0)
        {
            var chown = await CommandRunner.RunAsync("chown", ["-R", $"{_runAs}:", ClusterDirectory], CommandTimeout, ct);
            if (chown.ExitCode != 0)
            {
                throw new StorageStartException($"could not hand {ClusterDirectory} to the '{_runAs}' user: {chown.Output}");
            }
        }

        var init = await AsDatabaseUserAsync(_binaries.InitDb, ct,
            "-D", DataDirectory, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--no-locale");
        if (init.ExitCode != 0)
        {
            // The usual cause as root: a folder above the state directory that the database user may not enter (0700 home).
            var hint = init.Output.Contains("Permission denied", StringComparison.Ordinal) && _runAs.Length > 0
                ? $" — the '{_runAs}' user must be able to enter every folder above {DataDirectory} (chmod o+x, or choose another StateDirectory)"
                : "";
            throw new StorageStartException($"initdb failed ({init.ExitCode}): {init.Output.ReplaceLineEndings(" ")}{hint}");
        }

        // Unix socket only, reachable by this user (and root) alone; settings for bulk loads.
        var conf = $"""

            # Added by the appliance: private cluster, Unix socket only.
            listen_addresses = ''
            unix_socket_directories = '{SocketDirectory}'
            unix_socket_permissions = 0700
            max_connections = 200
            max_wal_size = 4GB
            checkpoint_timeout = 15min
            """;
        await File.AppendAllTextAsync(Path.Combine(DataDirectory, "postgresql.conf"), conf, ct);
    }

    private async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        // A named data source, not a bare connection: Npgsql would name the pool in its metrics by the connection string.
        var builder = new NpgsqlDataSourceBuilder(ConnectionString("postgres")) { Name = "appliance-setup" };
        await using var setup = builder.Build();
        await using var conn = await setup.OpenConnectionAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn) { Parameters = { new() { Value = DatabaseName } } };
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", conn);
            try
            {
                await create.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process created it between our check and our CREATE.
            }
        }
    }

    private Task<CommandRunner.Result> PgCtlAsync(CancellationToken ct, params string[] args) => AsDatabaseUserAsync(_binaries.PgCtl, ct, args);

    private Task<CommandRunner.Result> AsDatabaseUserAsync(string program, CancellationToken ct, params string[] args) =>
        _runAs.Length == 0
            ? CommandRunner.RunAsync(program, args, CommandTimeout, ct)
            : CommandRunner.RunAsync("runuser", ["-u", _runAs, "--", program, .. args], CommandTimeout, ct);

    private string TailOfLog()
    {
        try
        {
            return string.Join('\n', File.ReadLines(LogFile).TakeLast(20));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_usersLock is null)
        {
            return;
        }

        _usersLock.Dispose();
        _usersLock = null;
        NpgsqlConnection.ClearAllPools();
        using var last = FileLock.TryAcquire(Path.Combine(StateDirectory, "postgres-users.lock"), exclusive: true);
        if (last is null)
        {
            _logger.LogInformation("Leaving the bundled PostgreSQL running for the other appliance processes using it");
            return;
        }

        var stop = await PgCtlAsync(CancellationToken.None, "stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "60");
        if (stop.ExitCode != 0)
        {
            _logger.LogWarning("pg_ctl stop failed ({ExitCode}): {Output}", stop.ExitCode, stop.Output);
        }
    }
}
