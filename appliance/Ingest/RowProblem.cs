namespace Appliance.Ingest;

/// <summary>Why one row of a lead file was not loaded: a stable reason code and a sentence for people.</summary>
public sealed record RowProblem(string Reason, string Detail)
{
    public const string MissingUrl = "missing_url";
    public const string InvalidUrl = "invalid_url";
    public const string FieldTooLong = "field_too_long";
    public const string RecordTooLong = "record_too_long";
    public const string MalformedQuote = "malformed_quote";
    public const string UnterminatedQuote = "unterminated_quote";
    public const string ColumnCount = "column_count";
}

/// <summary>A problem with the file as a whole: it is refused and nothing from it is stored.</summary>
public sealed class LeadFileException(string message) : Exception(message);
