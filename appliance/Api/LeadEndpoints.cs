using Dapper;
using Npgsql;

namespace Appliance.Api;

/// <summary><c>/api/leads/{id}</c>: one lead — what the file said, what was scraped, its message.</summary>
public static class LeadEndpoints
{
    private const string SelectLead = """
        SELECT w.id, w.file_upload_id AS UploadId, w.row_number AS RowNumber, w.url, w.final_url AS FinalUrl, w.company, w.contact,
               w.email, w.scraping_status AS ScrapingStatus, w.failure_reason AS FailureReason, w.http_status AS HttpStatus, w.error,
               w.title, w.description, w.language, w.headings, w.emails, w.phones, w.social_links AS SocialLinks,
               w.about_url AS AboutUrl, w.contact_url AS ContactUrl, w.text_excerpt AS TextExcerpt,
               w.generation_status AS GenerationStatus, w.generation_error AS GenerationError,
               m.body AS Message, m.generator, m.model, m.from_site AS FromSite
        FROM websites w LEFT JOIN messages m ON m.website_id = w.id WHERE w.id = @id
        """;

    public static IEndpointRouteBuilder MapLeads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/leads/{id:long}", Lead);
        return app;
    }

    private static async Task<IResult> Lead(long id, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var lead = await conn.QuerySingleOrDefaultAsync<LeadDetail>(new CommandDefinition(SelectLead, new { id }, cancellationToken: ct));
        return lead is null ? Results.NotFound() : Results.Json(lead, ApiSetup.Json);
    }
}
