using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>
/// The LLM routes for N messages, each with an ETA (90% interval) and a cost.
/// <para><b>Real time</b>: messages per second are the least of requests/min ÷ 60, tokens/min ÷ 60 ÷ tokens charged a
/// call (prompt + the reserved maximum output, as the pacer and providers count them), both at the pacer's 99%,
/// and in-flight limit ÷ mean latency (Little's law); ETA = N ÷ rate + one latency (the first answer arrives one
/// latency after the start and the last one latency after it was sent: fill and drain). The interval carries the
/// standard error of the measured mean tokens or latency.</para>
/// <para><b>Batch</b>: requests go into batches of at most the per-batch limit and the enqueued-token room; as many
/// batches run at once as the enqueued-token limit holds, and a batch is submitted as soon as one finishes (list
/// scheduling). Each batch's turnaround is drawn lognormal from its median and 90th percentile; one past the
/// completion window expires and its unfinished share is submitted again, as is the share measured to fail. The
/// ETA is the mean and the 5th–95th percentiles of 2,000 simulated runs with a fixed seed.</para>
/// </summary>
public static class LlmRoutes
{
    public const string Realtime = "realtime";
    public const string BatchRoute = "batch";
    public const string Rpm = "RPM";
    public const string Tpm = "TPM";
    public const string Latency = "concurrency × latency";

    private const double Z90 = 1.6449;
    private const int Simulations = 2_000;

    public static LlmAccountPlan Project(LlmRouteInput input)
    {
        var notes = new List<string>();
        var m = input.PerMessage;
        var realtime = RealtimeRoute(input.Messages, input.Limits.RequestsPerMinute, input.Limits.TokensPerMinute, input);
        var batch = BatchRouteFor(input.Messages, input.Batch.EnqueuedTokenLimit, input);
        var tiers = input.Tiers.Select(t =>
        {
            var rt = RealtimeRoute(input.Messages, t.RequestsPerMinute, t.TokensPerMinute, input);
            return new LlmTierEstimate(t, rt.SecondsExpected, rt.Binding, BatchRouteFor(input.Messages, t.EnqueuedTokens, input).SecondsExpected);
        }).ToList();
        var per1000 = input.Price is { } p ? 1000 * ((m.PromptMean * p.PromptPerMillion) + (m.CompletionMean * p.CompletionPerMillion)) / 1e6 : (double?)null;

        if (!input.Limits.Known)
        {
            notes.Add("No LLM rate limit is known (none configured, none in the endpoint's x-ratelimit headers): real time assumes the endpoint never limits. " +
                "A provider account will: set Llm:RequestsPerMinute/TokensPerMinute, run once against it, or use --llm-rpm/--llm-tpm.");
        }

        if (input.Price is null)
        {
            notes.Add("No token price configured (Llm:PromptPricePerMillion, Llm:CompletionPricePerMillion): costs are not shown.");
        }

        notes.Add($"Batch turnaround: median {DurationText.Format(input.Batch.TurnaroundMedianSeconds)}, p90 {DurationText.Format(input.Batch.TurnaroundP90Seconds)} ({input.Batch.TurnaroundSource}).");
        if (input.Batch.EnqueuedTokenLimit <= 0)
        {
            notes.Add("Enqueued-token limit unknown (Llm:Batch:EnqueuedTokenLimit): every batch is assumed to run at once.");
        }

        var headline = input.Limits.Known
            ? string.Create(CultureInfo.InvariantCulture,
                $"LLM limits {Limit(input.Limits.RequestsPerMinute)} requests/min, {Limit(input.Limits.TokensPerMinute)} tokens/min (from {input.Limits.Source}): " +
                $"real time {DurationText.Format(realtime.SecondsExpected)} ({realtime.Binding} binds); batch {DurationText.Format(batch.SecondsExpected)}")
            : string.Create(CultureInfo.InvariantCulture,
                $"LLM: NO RATE LIMIT KNOWN — real time {DurationText.Format(realtime.SecondsExpected)} assumes an endpoint without limits (like the lab's); " +
                $"at OpenAI tier 1 ({LlmTiers.OpenAiGpt4oMini[0].RequestsPerMinute} RPM / {LlmTiers.OpenAiGpt4oMini[0].TokensPerMinute:N0} TPM) it would take {DurationText.Format(tiers.FirstOrDefault()?.RealtimeSeconds ?? double.NaN)}");
        return new LlmAccountPlan(input.Messages, input.Limits, m, [realtime, batch], tiers, input.TiersSource,
            per1000, per1000 * (1 - input.Batch.PriceDiscount), input.Price?.Currency, headline, notes);
    }

    /// <summary>Real time at the given limits (null or 0: none).</summary>
    public static LlmRouteEstimate RealtimeRoute(long messages, int? rpm, int? tpm, LlmRouteInput input)
    {
        var m = input.PerMessage;
        var charged = m.PromptMean + input.MaxOutputTokens;
        var chargedSe = Spread(m.PromptP50, m.PromptP95) / Math.Sqrt(Math.Max(1, m.Messages));
        var latencySe = Spread(m.LatencyP50Seconds, m.LatencyP95Seconds) / Math.Sqrt(Math.Max(1, m.Messages));
        var candidates = new List<(string Name, double Rate, double Low, double High)>();
        if (rpm is > 0 and var r)
        {
            var rate = r * 0.99 / 60;
            candidates.Add((Rpm, rate, rate, rate));
        }

        if (tpm is > 0 and var t && charged > 0)
        {
            var perSecond = t * 0.99 / 60;
            candidates.Add((Tpm, perSecond / charged, perSecond / (charged + (Z90 * chargedSe)), perSecond / Math.Max(1, charged - (Z90 * chargedSe))));
        }

        if (m.LatencyMeanSeconds > 0)
        {
            var c = input.Concurrency;
            candidates.Add((Latency, c / m.LatencyMeanSeconds, c / (m.LatencyMeanSeconds + (Z90 * latencySe)), c / Math.Max(1e-6, m.LatencyMeanSeconds - (Z90 * latencySe))));
        }

        if (candidates.Count == 0 || messages <= 0)
        {
            return new LlmRouteEstimate(Realtime, double.NaN, double.NaN, double.NaN, Cost(messages, input, 0), "unknown", "no limit and no measured latency");
        }

        var binding = candidates.MinBy(c => c.Rate);
        var low = candidates.Min(c => c.High); // the fastest the slowest bound allows
        var high = candidates.Min(c => c.Low);
        var basis = string.Join("; ", candidates.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Rate * 60:N0} messages/min")));
        return new LlmRouteEstimate(Realtime, (messages / binding.Rate) + m.LatencyP50Seconds, (messages / low) + m.LatencyP50Seconds,
            (messages / high) + m.LatencyP95Seconds, Cost(messages, input, 0), binding.Name,
            basis + string.Create(CultureInfo.InvariantCulture, $"; {charged:0} tokens charged a call (prompt {m.PromptMean:0} + max output {input.MaxOutputTokens})"));
    }

    /// <summary>The batch route under an enqueued-token limit (0: unknown, no limit).</summary>
    public static LlmRouteEstimate BatchRouteFor(long messages, long enqueuedLimit, LlmRouteInput input)
    {
        var b = input.Batch;
        var prompt = Math.Max(1, input.PerMessage.PromptMean);
        var room = enqueuedLimit > 0 ? enqueuedLimit * 0.95 : double.PositiveInfinity; // the route's margin on its token estimate
        var size = (int)Math.Max(1, Math.Min(b.MaxRequestsPerBatch, Math.Floor(room / prompt)));
        var requests = messages * (1 + b.ResubmittedShare);
        var batches = (int)Math.Ceiling(requests / size);
        var slots = double.IsPositiveInfinity(room) ? batches : (int)Math.Max(1, Math.Floor(room / (size * prompt)));
        var mu = Math.Log(b.TurnaroundMedianSeconds);
        var sigma = Math.Max(0, Math.Log(b.TurnaroundP90Seconds / b.TurnaroundMedianSeconds) / 1.2816);
        var random = new Random(17);
        var runs = Math.Clamp(20_000_000 / Math.Max(1, batches), 50, Simulations); // bounded work when batches are tiny and many
        var totals = new double[runs];
        for (var s = 0; s < runs; s++)
        {
            totals[s] = Simulate(batches, size, slots, mu, sigma, b, random);
        }

        Array.Sort(totals);
        var basis = string.Create(CultureInfo.InvariantCulture,
            $"{batches:N0} batch(es) of up to {size:N0} requests, {Math.Min(slots, batches):N0} at a time under {(enqueuedLimit > 0 ? enqueuedLimit.ToString("N0", CultureInfo.InvariantCulture) + " enqueued tokens" : "no enqueued-token limit")}; turnaround {b.TurnaroundSource}");
        return new LlmRouteEstimate(BatchRoute, totals.Average(), totals[(int)(runs * 0.05)], totals[(int)(runs * 0.95) - 1],
            Cost(messages, input, b.PriceDiscount), slots >= batches ? "turnaround" : "enqueued tokens", basis);
    }

    /// <summary>One run: batches handed to the first free slot; an expired batch sends its unfinished requests round again.</summary>
    private static double Simulate(int batches, int size, int slots, double mu, double sigma, LlmBatchAssumptions b, Random random)
    {
        var free = new PriorityQueue<double, double>();
        for (var i = 0; i < Math.Min(slots, batches); i++)
        {
            free.Enqueue(0, 0);
        }

        var pending = new Queue<double>(Enumerable.Repeat((double)size, batches));
        double end = 0, carried = 0;
        while (pending.Count > 0 || carried >= 1)
        {
            if (pending.Count == 0)
            {
                // The expired remainder goes round again, in batches of at most the usual size.
                for (; carried >= 1; carried -= Math.Min(carried, size))
                {
                    pending.Enqueue(Math.Min(carried, size));
                }
            }

            var requests = pending.Dequeue();
            var start = free.Dequeue();
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var took = Math.Exp(mu + (sigma * z));
            if (took > b.CompletionWindowSeconds)
            {
                carried += requests * (1 - (b.CompletionWindowSeconds / took));
                took = b.CompletionWindowSeconds;
            }

            var finished = start + took + (b.PollSeconds / 2);
            end = Math.Max(end, finished);
            free.Enqueue(finished, finished);
        }

        return end;
    }

    private static double? Cost(long messages, LlmRouteInput input, double discount) => input.Price is { } p
        ? messages * ((input.PerMessage.PromptMean * p.PromptPerMillion) + (input.PerMessage.CompletionMean * p.CompletionPerMillion)) / 1e6 * (1 - discount)
        : null;

    /// <summary>A standard deviation read from a median and 95th percentile, as a normal would have them.</summary>
    private static double Spread(double p50, double p95) => Math.Max(0, (p95 - p50) / Z90);

    private static string Limit(int? perMinute) => perMinute is > 0 and var v ? v.ToString("N0", CultureInfo.InvariantCulture) : "no";
}
