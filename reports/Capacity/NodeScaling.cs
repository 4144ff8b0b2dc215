using System.Globalization;

namespace Appliance.Reports.Capacity;

/// <summary>K nodes' projected time for the rows, its rate, and what limits it; <see cref="Fits"/> false when the nodes' connections exceed the database's.</summary>
public sealed record NodeProjection(int Nodes, double Seconds, double RowsPerSecond, string Limit, bool Fits);

/// <summary>The projection for 1…K nodes, the node count past which another node gains less than the threshold, and why.</summary>
public sealed record NodeScalingResult(long Rows, IReadOnlyList<NodeProjection> ByNodes, int UsefulNodes, string Reason, IReadOnlyList<string> Basis)
{
    public NodeProjection At(int nodes) => ByNodes.First(n => n.Nodes == nodes);
}

/// <summary>
/// Completion time on K nodes sharing one database and one set of queues:
/// <code>
/// T(K) = ingest + fill + max(stages(K), D_rows, D_commits) + drain
/// stages(K) = max(S, G) + (1 − overlap) × min(S, G),  S = fetches ÷ (K/m × per-node scrape rate),
///                                                    G = messages ÷ min(K/m × per-node generate rate, LLM limit)
/// D_rows = rows × rows written a row ÷ the database's rows/s,  D_commits = rows × commits a row ÷ its commits/s
/// </code>
/// The per-node rates are the one-node projection's (<see cref="CapacityProjector"/>, with its what-ifs: concurrency,
/// cores, LLM limits), measured on m nodes; each node brings its own cores, in-flight limits and per-host politeness, so
/// they scale with K. What nodes share does not: the LLM endpoint's rate limit (one account), and the database, whose
/// writes every node adds to and whose connections they divide. Ingest stays on the node that received the file; fill
/// and drain are carried over. K nodes whose connections (K × connections a node) exceed the database's do not fit.
/// </summary>
public static class NodeScaling
{
    /// <summary>Another node is "worth it" while it cuts the time by at least this share.</summary>
    public const double DefaultMinimumGain = 0.05;

    public static NodeScalingResult Project(ProjectionInput input, long rows, DatabaseLoad? database, DatabaseLimits limits,
        int measuredNodes = 1, int maxNodes = 16, double minimumGain = DefaultMinimumGain)
    {
        if (measuredNodes < 1 || maxNodes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNodes), "node counts start at 1");
        }

        var one = CapacityProjector.Project(input, rows);
        var scrape = one.Stages.Single(s => s.Stage == "scrape");
        var generate = one.Stages.Single(s => s.Stage == "generate");
        var overlap = Math.Clamp(input.Run.StageOverlap, 0, 1);
        var llm = input.WhatIf.Llm?.MessagesPerSecond ?? double.PositiveInfinity;
        var fixedSeconds = one.IngestSeconds + one.FillSeconds + one.DrainSeconds;

        var table = new List<NodeProjection>();
        for (var k = 1; k <= maxNodes; k++)
        {
            var f = (double)k / measuredNodes;
            var s = scrape.Items / (scrape.ItemsPerSecond * f);
            var generateRate = Math.Min(generate.ItemsPerSecond * f, llm);
            var g = generate.Items / generateRate;
            var stages = Math.Max(s, g) + (1 - overlap) * Math.Min(s, g);
            var terms = new List<(double Seconds, string Limit)>
            {
                (stages, s >= g
                    ? F($"scrape on each node ({scrape.Limit})")
                    : generateRate >= llm ? F($"the LLM's rate limit, shared by all nodes ({llm * 60:N0} messages/min)") : F($"generate on each node ({generate.Limit})")),
            };
            if (database is not null && limits.RowsWrittenPerSecond is > 0 and var rowsCeiling)
            {
                terms.Add((rows * database.RowsWrittenPerRow / rowsCeiling, F($"database rows written: {database.RowsWrittenPerRow:0.##} a row at {rowsCeiling:N0}/s")));
            }

            if (database is not null && limits.CommitsPerSecond is > 0 and var commitsCeiling)
            {
                terms.Add((rows * database.CommitsPerRow / commitsCeiling, F($"database commits: {database.CommitsPerRow:0.##} a row at {commitsCeiling:N0}/s")));
            }

            var (steady, limit) = terms.MaxBy(t => t.Seconds);
            var fits = database is null || limits.Connections is not { } max || k * database.ConnectionsPerNode <= max;
            if (!fits)
            {
                limit = F($"connections: {k} × {database!.ConnectionsPerNode:0.#} exceed the database's {limits.Connections}");
            }

            var total = fixedSeconds + steady;
            table.Add(new NodeProjection(k, total, rows / total, limit, fits));
        }

        var useful = Useful(table, minimumGain);
        return new NodeScalingResult(rows, table, useful, Reason(table, useful, rows, minimumGain), Basis(one, database, limits, measuredNodes));
    }

    /// <summary>The smallest K whose next node gains less than <paramref name="minimumGain"/> or does not fit.</summary>
    private static int Useful(IReadOnlyList<NodeProjection> table, double minimumGain)
    {
        for (var i = 0; i + 1 < table.Count; i++)
        {
            var next = table[i + 1];
            if (!next.Fits || next.Seconds > (1 - minimumGain) * table[i].Seconds)
            {
                return table[i].Nodes;
            }
        }

        return table[^1].Nodes;
    }

    private static string Reason(IReadOnlyList<NodeProjection> table, int useful, long rows, double minimumGain)
    {
        var at = table[useful - 1];
        var text = F($"{rows:N0} rows: {Sec(table[0].Seconds)} on 1 node, {Sec(at.Seconds)} on {useful} ({at.Limit}). ");
        if (useful == table.Count)
        {
            return text + F($"Every node up to {useful} still cuts the time by {minimumGain * 100:0}% or more.");
        }

        var next = table[useful];
        return text + (next.Fits
            ? F($"Adding nodes stops helping past {useful}: node {useful + 1} would gain {(1 - next.Seconds / at.Seconds) * 100:0.#}% ({Sec(next.Seconds)}; {next.Limit}).")
            : F($"Node {useful + 1} does not fit: {next.Limit}."));
    }

    private static IReadOnlyList<string> Basis(ProjectionResult one, DatabaseLoad? database, DatabaseLimits limits, int measuredNodes)
    {
        var basis = new List<string>
        {
            F($"per node: the measured run's rates{(measuredNodes > 1 ? F($" ÷ {measuredNodes} nodes") : "")} as projected ({string.Join("; ", one.Stages.Skip(1).Select(s => F($"{s.Stage} {s.ItemsPerSecond * 60 / measuredNodes:N0} {(s.Stage == "scrape" ? "fetches" : "messages")}/min, {s.Limit}")))}); ingest {Sec(one.IngestSeconds)}, fill and drain {Sec(one.FillSeconds + one.DrainSeconds)} carried over"),
            database is null
                ? "database: the run's samples carry no database counters (recorded before they were stored), so its writes are not priced"
                : F($"database load: {database}, from the run's samples after ingest"),
            "database ceiling: " + limits.Basis,
        };
        return basis;
    }

    private static string Sec(double seconds) => DurationText.Format(seconds);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
