using System.ComponentModel.DataAnnotations;

namespace Appliance.Security;

/// <summary>Who may call the HTTP API and how hard, bound from the <c>Api</c> section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// SHA-256 hashes of the accepted API keys, each <c>sha256:</c> and 64 hex digits
    /// (<c>printf %s "$KEY" | sha256sum</c>). None configured and every listen address on loopback: the API is open.
    /// </summary>
    public List<string> KeyHashes { get; set; } = [];

    /// <summary>Uploads one client address may start per minute; 0 turns the limit off.</summary>
    [Range(0, 1_000_000)]
    public int UploadsPerMinute { get; set; } = 30;

    /// <summary>
    /// Whether <c>POST /api/runs</c> may start a lab run (a child lab process; the scraper may reach its loopback port
    /// while the run lasts). Off on a production daemon.
    /// </summary>
    public bool LabRuns { get; set; }
}
