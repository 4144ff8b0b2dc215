using System.Text.Json.Nodes;
using Appliance.Reports.Capacity;

namespace Appliance.Cli;

/// <summary>The LLM account part of <c>appliance project</c>: the <c>llm</c> JSON key and the lines printed under the headline.</summary>
public static class ProjectLlm
{
    public static JsonObject Json(LlmAccountPlan? plan, string? reason) => plan is null
        ? new JsonObject { ["limits"] = null, ["tokens_per_message"] = null, ["routes"] = new JsonArray(), ["reason"] = reason }
        : new JsonObject
        {
            ["limits"] = new JsonObject { ["rpm"] = plan.Limits.RequestsPerMinute, ["tpm"] = plan.Limits.TokensPerMinute, ["source"] = plan.Limits.Source },
            ["tokens_per_message"] = new JsonObject
            {
                ["prompt_p50"] = Math.Round(plan.PerMessage.PromptP50, 1), ["prompt_p95"] = Math.Round(plan.PerMessage.PromptP95, 1),
                ["completion_p50"] = Math.Round(plan.PerMessage.CompletionP50, 1), ["completion_p95"] = Math.Round(plan.PerMessage.CompletionP95, 1),
                ["latency_p50_seconds"] = Math.Round(plan.PerMessage.LatencyP50Seconds, 3), ["messages_measured"] = plan.PerMessage.Messages,
            },
            ["routes"] = new JsonArray([.. plan.Routes.Select(r => (JsonNode)new JsonObject
            {
                ["route"] = r.Route, ["seconds_expected"] = Round(r.SecondsExpected), ["seconds_low"] = Round(r.SecondsLow), ["seconds_high"] = Round(r.SecondsHigh),
                ["cost_usd"] = r.Cost is { } c && plan.Currency == "USD" ? Math.Round(c, 2) : null, ["binding"] = r.Binding, ["basis"] = r.Basis,
            })]),
            ["tiers"] = new JsonArray([.. plan.Tiers.Select(t => (JsonNode)new JsonObject
            {
                ["tier"] = t.Tier.Name, ["rpm"] = t.Tier.RequestsPerMinute, ["tpm"] = t.Tier.TokensPerMinute, ["enqueued_tokens"] = t.Tier.EnqueuedTokens,
                ["realtime_seconds"] = Round(t.RealtimeSeconds), ["realtime_binding"] = t.RealtimeBinding, ["batch_seconds"] = Round(t.BatchSeconds),
            })]),
            ["tiers_source"] = plan.TiersSource,
            ["headline"] = plan.Headline,
            ["notes"] = new JsonArray([.. plan.Notes.Select(n => (JsonNode)n)]),
        };

    /// <summary>The first line of <c>project</c>: the LLM assumption, loud when no limit is known.</summary>
    public static void Headline(LlmAccountPlan? plan, string? reason) =>
        Console.WriteLine(plan is null ? $"LLM: not projected: {reason}" : plan.Headline);

    /// <summary>The routes, the tier table and the notes.</summary>
    public static void Print(LlmAccountPlan? plan)
    {
        if (plan is null)
        {
            return;
        }

        Console.WriteLine("  LLM routes:");
        foreach (var r in plan.Routes)
        {
            var cost = r.Cost is { } c ? $"{c:N2} {plan.Currency}" : "cost unknown (no price configured)";
            Console.WriteLine($"    {r.Route,-9}{DurationText.Format(r.SecondsExpected),14} (90% {DurationText.Format(r.SecondsLow)} – {DurationText.Format(r.SecondsHigh)})  {cost}  [{r.Binding}] {r.Basis}");
        }

        foreach (var t in plan.Tiers)
        {
            Console.WriteLine($"    {t.Tier.Name,-8} {t.Tier.RequestsPerMinute,7:N0} RPM {t.Tier.TokensPerMinute,12:N0} TPM  real time {DurationText.Format(t.RealtimeSeconds),14} ({t.RealtimeBinding})  batch {DurationText.Format(t.BatchSeconds)}");
        }

        Console.WriteLine($"    tiers: {plan.TiersSource}");
        foreach (var note in plan.Notes)
        {
            Console.WriteLine($"    note: {note}");
        }
    }

    private static double? Round(double seconds) => double.IsFinite(seconds) ? Math.Round(seconds, 1) : null;
}
