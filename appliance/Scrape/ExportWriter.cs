using System.Data.Common;
using Npgsql;

namespace Appliance.Scrape;

/// <summary>
/// Writes an upload's leads with what was scraped as CSV, one row per lead, streamed from
/// PostgreSQL. Lists (e-mails, phones, social links) are joined with <c>;</c>.
/// </summary>
public sealed class ExportWriter(NpgsqlDataSource db)
{
    public static readonly string[] Columns =
    [
        "row_number", "url", "normalized_url", "company", "contact", "email", "scraping_status", "failure_reason", "http_status",
        "title", "description", "emails", "phones", "social_links", "language", "about_url", "contact_url", "error",
    ];

    private const string Select = """
        SELECT row_number, url, normalized_url, company, contact, email, scraping_status, failure_reason, http_status,
               title, description, array_to_string(emails, ';'), array_to_string(phones, ';'), array_to_string(social_links, ';'),
               language, about_url, contact_url, error
        FROM websites WHERE file_upload_id = $1 ORDER BY row_number
        """;

    public async Task<int> WriteAsync(long uploadId, TextWriter writer, CancellationToken ct)
    {
        await writer.WriteLineAsync(string.Join(',', Columns));
        await using var cmd = db.CreateCommand(Select);
        cmd.Parameters.Add(new NpgsqlParameter { Value = uploadId });
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        var rows = 0;
        var fields = new string[Columns.Length];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = Quote(Text(reader, i));
            }

            await writer.WriteLineAsync(string.Join(',', fields));
            rows++;
        }

        return rows;
    }

    private static string Text(DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
