namespace Appliance.Ingest;

/// <summary>The records of a lead file after its header, whatever the format.</summary>
public interface ILeadRecordSource : IDisposable
{
    /// <summary>"csv" or "xlsx".</summary>
    string Format { get; }

    IReadOnlyList<string> Header { get; }

    /// <summary>True when every record must have exactly as many fields as the header (CSV).</summary>
    bool StrictFieldCount { get; }

    /// <summary>Advances to the next record; false at the end.</summary>
    bool Read();

    /// <summary>The line (CSV) or sheet row (XLSX) where the record starts; the header is row 1.</summary>
    int RowNumber { get; }

    int FieldCount { get; }

    string this[int index] { get; }

    /// <summary>What the reader itself found wrong with the record (a broken quote, an over-long field), or null.</summary>
    RowProblem? Problem { get; }

    /// <summary>The first characters of the record, for a reject.</summary>
    string Excerpt();

    /// <summary>How much of the file has been read, 0 to 1.</summary>
    double Progress { get; }
}
