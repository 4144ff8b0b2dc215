using System.Data.Common;
using Npgsql;

namespace Appliance.Export;

/// <summary>
/// Writes an upload's leads with what was scraped and the generated message as CSV, one row per lead, streamed from
/// PostgreSQL. Lists (e-mails, phones, social links) are joined with <c>;</c>; every cell goes through
/// <see cref="CsvCell"/>, so scraped text cannot reach a spreadsheet as a formula. A held message (it points somewhere
/// other than the lead) is left out, with its status and reason, so a mail merge of the export cannot send it.
/// </summary>
public sealed class ExportWriter(NpgsqlDataSource db)
{
    public static readonly string[] Columns =
    [
        "row_number", "url", "normalized_url", "company", "contact", "email", "scraping_status", "failure_reason", "http_status",
        "title", "description", "emails", "phones", "social_links", "language", "about_url", "contact_url", "error",
        "generation_status", "message", "generator", "model", "generation_error",
    ];

    private const string Select = """
        SELECT w.row_number, w.url, w.normalized_url, w.company, w.contact, w.email, w.scraping_status, w.failure_reason, w.http_status,
               w.title, w.description, array_to_string(w.emails, ';'), array_to_string(w.phones, ';'), array_to_string(w.social_links, ';'),
               w.language, w.about_url, w.contact_url, w.error, w.generation_status,
               CASE WHEN w.generation_status = 'held' THEN NULL ELSE m.body END, m.generator, m.model, w.generation_error
        FROM websites w LEFT JOIN messages m ON m.website_id = w.id
        WHERE w.file_upload_id = $1 ORDER BY w.row_number
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
                fields[i] = CsvCell.Escape(Text(reader, i));
            }

            await writer.WriteLineAsync(string.Join(',', fields));
            rows++;
        }

        return rows;
    }

    private static string Text(DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
