using Npgsql;

namespace Appliance.Api;

/// <summary><c>/healthz</c>: 200 when PostgreSQL answers.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (NpgsqlDataSource db, CancellationToken ct) =>
        {
            try
            {
                await using var cmd = db.CreateCommand("SELECT 1");
                await cmd.ExecuteScalarAsync(ct);
                return Results.Ok(new { status = "ok" });
            }
            catch (NpgsqlException e)
            {
                return Results.Json(new { status = "unavailable", error = e.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}
