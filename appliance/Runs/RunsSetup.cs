namespace Appliance.Runs;

/// <summary>Measured runs and concurrency sweeps, and the statistics read back from them.</summary>
public static class RunsSetup
{
    public static IServiceCollection AddRuns(this IServiceCollection services) => services
        .AddSingleton<RunStore>()
        .AddSingleton<RunStatistics>()
        .AddSingleton<RunConfiguration>()
        .AddSingleton<RunExecutor>()
        .AddSingleton<SweepRunner>()
        .AddSingleton<CapacityInputs>()
        .AddSingleton<RunHeadlines>()
        .AddSingleton<RunBacktests>()
        .AddSingleton(sp => new LlmAccountInputs(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Generate.LlmOptions>>().Value,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Generate.LlmBatchOptions>>().Value))
        .AddSingleton<RunReport>()
        .AddHostedService<RunFollower>();
}
