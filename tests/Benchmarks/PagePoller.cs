using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Appliance.Benchmarks;

/// <summary>
/// Does what the operator's page does, timing each request: a page load every 2 s (<c>/</c>, then <c>/app.css</c> and
/// <c>/app.js</c> together, as a browser fetches them), and the page's own polling — the upload's progress and then its
/// leads, 1 s after the previous pair finished (app.js's <c>poll</c>), and the host panel every 2 s.
/// </summary>
public sealed class PagePoller(HttpClient http, string key, long uploadId)
{
    public const string Page = "page";
    public const string Progress = "progress";
    public const string Leads = "leads";
    public const string Host = "host";

    /// <summary>What each series times, for the table.</summary>
    public static readonly IReadOnlyDictionary<string, string> Described = new Dictionary<string, string>
    {
        [Page] = "page load: / then app.css + app.js", [Progress] = "GET /api/uploads/{id}/progress",
        [Leads] = "GET /api/uploads/{id}/leads?limit=50", [Host] = "GET /api/host",
    };

    private readonly Dictionary<string, List<double>> _ms = new() { [Page] = [], [Progress] = [], [Leads] = [], [Host] = [] };
    private int _errors;

    /// <summary>True once a progress answer said every stage is through.</summary>
    public bool Complete { get; private set; }

    /// <summary>One phase per instance: the figures are this instance's. Polls until <paramref name="until"/> is cancelled or, with <paramref name="stopWhenComplete"/>, the upload is complete.</summary>
    public async Task<Phase> RunAsync(string name, bool stopWhenComplete, CancellationToken until)
    {
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(until);
        var loops = new[]
        {
            LoopAsync(TimeSpan.FromSeconds(1), async ct =>
            {
                using var progress = JsonDocument.Parse(await TimeAsync(Progress, $"/api/uploads/{uploadId}/progress", ct));
                await TimeAsync(Leads, $"/api/uploads/{uploadId}/leads?limit=50", ct);
                Complete = progress.RootElement.GetProperty("complete").GetBoolean();
                if (Complete && stopWhenComplete)
                {
                    await stop.CancelAsync();
                }
            }, stop.Token),
            LoopAsync(TimeSpan.FromSeconds(2), ct => TimeAsync(Host, "/api/host", ct), stop.Token),
            LoopAsync(TimeSpan.FromSeconds(2), LoadPageAsync, stop.Token),
        };
        await Task.WhenAll(loops);
        return new Phase(name, clock.Elapsed.TotalSeconds, _ms.ToDictionary(kv => kv.Key, kv => Stats.Of(kv.Value)), _errors);
    }

    /// <summary>The last failed request, if any; a failure is counted and the loop goes on.</summary>
    public string? LastError { get; private set; }

    private async Task LoopAsync(TimeSpan pause, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await work(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _errors);
                LastError = e.Message;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(pause, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task LoadPageAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await GetAsync("/", authorized: false, ct);
        await Task.WhenAll(GetAsync("/app.css", authorized: false, ct), GetAsync("/app.js", authorized: false, ct));
        Record(Page, clock);
    }

    private async Task<string> TimeAsync(string series, string path, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var body = await GetAsync(path, authorized: true, ct);
        Record(series, clock);
        return body;
    }

    private void Record(string series, Stopwatch clock)
    {
        lock (_ms)
        {
            _ms[series].Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    private async Task<string> GetAsync(string path, bool authorized, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorized)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key); // the page's own files need none
        }

        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        }

        return body;
    }

    /// <summary>One stretch of polling: per endpoint, the latency figures.</summary>
    public sealed record Phase(string Name, double Seconds, IReadOnlyDictionary<string, Stats> Endpoints, int Errors);

    /// <summary>Latency percentiles in milliseconds (nearest rank).</summary>
    public sealed record Stats(int Count, double P50, double P95, double P99, double Max, double Mean)
    {
        public static Stats Of(List<double> ms)
        {
            if (ms.Count == 0)
            {
                return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
            }

            var sorted = ms.Order().ToList();
            double R(double v) => Math.Round(v, 2);
            return new Stats(sorted.Count, R(CpuClock.Percentile(sorted, 0.5)), R(CpuClock.Percentile(sorted, 0.95)),
                R(CpuClock.Percentile(sorted, 0.99)), R(sorted[^1]), R(sorted.Average()));
        }
    }
}
