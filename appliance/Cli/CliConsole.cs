using Spectre.Console;

namespace Appliance.Cli;

/// <summary>The console of CLI verbs: progress and messages on stderr, results on stdout.</summary>
public static class CliConsole
{
    public static readonly IAnsiConsole Error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>Runs <paramref name="work"/> under a progress bar on stderr (plain when stderr is not a terminal).</summary>
    public static async Task<T> WithProgressAsync<T>(string description, Func<IProgress<double>, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
        {
            return await work(new Progress<double>(_ => { }));
        }

        return await Error.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(description, maxValue: 1);
                var result = await work(new SyncProgress(v => task.Value = v));
                task.Value = 1;
                return result;
            });
    }

    /// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> would post to the thread pool out of order.</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
