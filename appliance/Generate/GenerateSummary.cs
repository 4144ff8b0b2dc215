using System.Text.Json.Serialization;

namespace Appliance.Generate;

/// <summary>What <c>appliance generate --json</c> prints.</summary>
public sealed record GenerateSummary(
    [property: JsonPropertyName("upload_id")] long UploadId,
    [property: JsonPropertyName("generated")] int Generated,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("messages_per_minute")] double MessagesPerMinute,
    [property: JsonPropertyName("rate_limited")] int RateLimited);
