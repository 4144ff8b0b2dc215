using System.Buffers;
using System.Text;
using System.Text.Json;
using Appliance.Storage;

namespace Appliance.Ingest;

/// <summary>One accepted lead row, ready for COPY.</summary>
public sealed record Lead(
    int RowNumber, string? Company, string? Contact, string? Email, string? JobTitle, string? Phone, string? Industry,
    string Url, string NormalizedUrl, string Host, string? ExtraJson);

/// <summary>Turns one record of a lead file into a <see cref="Lead"/>, or says why it cannot be one.</summary>
public sealed class LeadRowMapper(LeadColumns columns, int maxFieldLength)
{
    private readonly ArrayBufferWriter<byte> _json = new(256);

    public bool TryMap(ILeadRecordSource record, out Lead lead, out RowProblem problem)
    {
        lead = null!;
        if (record.Problem is { } p)
        {
            problem = p;
            return false;
        }

        if (record.StrictFieldCount && record.FieldCount != columns.HeaderCount)
        {
            problem = new RowProblem(RowProblem.ColumnCount, $"expected {columns.HeaderCount} fields as in the header, found {record.FieldCount}");
            return false;
        }

        for (var i = 0; i < record.FieldCount; i++)
        {
            if (record[i].Length > maxFieldLength)
            {
                problem = new RowProblem(RowProblem.FieldTooLong, $"field {i + 1} is longer than {maxFieldLength:N0} characters");
                return false;
            }
        }

        var rawUrl = Get(record, LeadField.Url);
        if (rawUrl is null)
        {
            problem = new RowProblem(RowProblem.MissingUrl, "the website column is empty");
            return false;
        }

        if (!UrlNormalizer.TryNormalize(rawUrl, out var url, out var error))
        {
            problem = new RowProblem(RowProblem.InvalidUrl, $"'{Shorten(rawUrl)}': {error}");
            return false;
        }

        var contact = Get(record, LeadField.Contact) ?? JoinName(Get(record, LeadField.FirstName), Get(record, LeadField.LastName));
        lead = new Lead(record.RowNumber, Get(record, LeadField.Company), contact, Get(record, LeadField.Email),
            Get(record, LeadField.JobTitle), Get(record, LeadField.Phone), Get(record, LeadField.Industry),
            rawUrl, url.Url, url.Host, Extras(record));
        problem = null!;
        return true;
    }

    private string? Get(ILeadRecordSource record, LeadField field)
    {
        var i = columns[field];
        return i >= 0 && i < record.FieldCount ? FieldText.Clean(record[i]) : null;
    }

    private static string? JoinName(string? first, string? last) =>
        first is null ? last : last is null ? first : first + " " + last;

    private string? Extras(ILeadRecordSource record)
    {
        if (columns.Extras.Count == 0)
        {
            return null;
        }

        _json.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(_json);
        writer.WriteStartObject();
        var any = false;
        foreach (var (index, name) in columns.Extras)
        {
            if (index < record.FieldCount && FieldText.Clean(record[index]) is { } value)
            {
                writer.WriteString(name, value);
                any = true;
            }
        }

        writer.WriteEndObject();
        writer.Flush();
        return any ? Encoding.UTF8.GetString(_json.WrittenSpan) : null;
    }

    private static string Shorten(string s) => StoredText.Shorten(StoredText.Clean(s), 80);
}
