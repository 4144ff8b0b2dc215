using System.ComponentModel.DataAnnotations;

namespace Appliance.Ingest;

/// <summary>Settings of the ingest stage, bound from the <c>Ingest</c> configuration section.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>A field longer than this rejects its row.</summary>
    [Range(256, 10_000_000)]
    public int MaxFieldLength { get; set; } = 65_536;

    /// <summary>The largest upload the API accepts.</summary>
    [Range(1024, 100L * 1024 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>An XLSX whose entries expand past this is refused as a zip bomb.</summary>
    [Range(1024 * 1024, 100L * 1024 * 1024 * 1024)]
    public long MaxXlsxUncompressedBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// An XLSX whose shared-strings part expands past this is refused: ExcelDataReader holds that part in memory
    /// whole (the sheet itself is streamed), about twice its XML size as strings.
    /// </summary>
    [Range(1024 * 1024, 16L * 1024 * 1024 * 1024)]
    public long MaxXlsxSharedStringsBytes { get; set; } = 128L * 1024 * 1024;

    /// <summary>Rejected rows stored with their excerpt per upload; the counts stay exact beyond it.</summary>
    [Range(0, 10_000_000)]
    public int MaxStoredRejects { get; set; } = 10_000;

    /// <summary>
    /// Days an upload (its file, rows, messages and rejects: personal data) is kept before the daemon deletes it; 0 keeps
    /// uploads until <c>appliance purge</c> deletes them.
    /// </summary>
    [Range(0, 36_500)]
    public int RetentionDays { get; set; }

    /// <summary>The XLSX sheet to read; the first when unset.</summary>
    public string? Sheet { get; set; }

    /// <summary>Explicit header names per lead field (Url, Company, Contact, FirstName, LastName, Email, JobTitle, Phone, Industry).</summary>
    public Dictionary<string, string> Columns { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
