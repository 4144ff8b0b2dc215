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

    /// <summary>
    /// Runs <paramref name="work"/> under one progress bar per stage on stderr; it reports (stage index, fraction
    /// done, description). Plain when stderr is not a terminal: a line per stage when it completes.
    /// </summary>
    public static async Task<T> WithStagesAsync<T>(IReadOnlyList<string> stages, Func<IProgress<(int Stage, double Value, string Description)>, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
        {
            var done = new bool[stages.Count];
            return await work(new SyncProgress<(int Stage, double Value, string Description)>(p =>
            {
                if (p.Value >= 1 && !done[p.Stage])
                {
                    done[p.Stage] = true;
                    Console.Error.WriteLine(p.Description.Length == 0 ? $"{stages[p.Stage]}: done" : $"{stages[p.Stage]}: done ({p.Description})");
                }
            }));
        }

        return await Error.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var tasks = stages.Select(s => ctx.AddTask(s, maxValue: 1)).ToArray();
                var result = await work(new SyncProgress<(int Stage, double Value, string Description)>(p =>
                {
                    tasks[p.Stage].Value = Math.Clamp(p.Value, 0, 1);
                    tasks[p.Stage].Description = $"{stages[p.Stage]} {Markup.Escape(p.Description)}";
                }));
                foreach (var t in tasks)
                {
                    t.Value = 1;
                }

                return result;
            });
    }

    /// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> would post to the thread pool out of order.</summary>
    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
